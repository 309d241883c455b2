package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The end-to-end learning flow shared by the embedded-broker and Testcontainers tests: a
 * class-incremental stream of labelled Gaussian blobs with four poison records goes through the
 * real learner job; the test reads back predictions, snapshots and dead letters with {@code
 * read_committed} and checks their values.
 */
final class LearnerFlowScenario {

    static final int DIMENSION = 8;
    static final int PER_CLASS = 100;
    static final List<String> CLASSES = List.of("a", "b", "c", "d");
    static final long SEED = 20261125L;
    static final String MODEL = "blobs";

    private final String bootstrap;
    private final String prefix;
    private final List<Example> valid = new ArrayList<>();

    LearnerFlowScenario(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
    }

    /** Two stages of two classes; blobs far apart relative to their spread. */
    void produceStream() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createIfMissing(
                    admin, Topics.all(), prefix, 1, (short) 1, Duration.ofSeconds(30));
        }
        Random random = new Random(SEED);
        Map<String, float[]> centres = new LinkedHashMap<>();
        for (String c : CLASSES) {
            float[] centre = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                centre[i] = (float) (random.nextGaussian() * 10);
            }
            centres.put(c, centre);
        }
        for (int stage = 0; stage < 2; stage++) {
            List<Example> stageRows = new ArrayList<>();
            for (String c : CLASSES.subList(stage * 2, stage * 2 + 2)) {
                for (int n = 0; n < PER_CLASS; n++) {
                    float[] x = new float[DIMENSION];
                    for (int i = 0; i < DIMENSION; i++) {
                        x[i] = centres.get(c)[i] + (float) random.nextGaussian();
                    }
                    stageRows.add(example(c + "-" + n, MODEL, x, c));
                }
            }
            java.util.Collections.shuffle(stageRows, random);
            valid.addAll(stageRows);
        }
        var codec = Topics.EXAMPLES.codec();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            if (i == 10) {
                records.add(
                        Map.entry(
                                "garbage", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)));
                records.add(
                        Map.entry(
                                "short",
                                codec.encode(
                                        example("short", MODEL, new float[DIMENSION - 1], "a"))));
                float[] nan = new float[DIMENSION];
                nan[3] = Float.NaN;
                records.add(Map.entry("nan", codec.encode(example("nan", MODEL, nan, "a"))));
                records.add(
                        Map.entry(
                                "orphan",
                                codec.encode(example("orphan", null, new float[DIMENSION], "a"))));
            }
            records.add(Map.entry(valid.get(i).getId(), codec.encode(valid.get(i))));
        }
        KafkaTestWriter.send(bootstrap, prefix + Topics.EXAMPLES.name(), records);
    }

    LearnerJob job() {
        return job(b -> {});
    }

    /** The job over this scenario's topics, with test cadences, adjusted by {@code tweak}. */
    LearnerJob job(java.util.function.Consumer<LearnerJobConfig.Builder> tweak) {
        LearnerJobConfig.Builder builder =
                LearnerJobConfig.builder()
                        .topicPrefix(prefix)
                        .snapshotEvery(150, Duration.ofHours(1))
                        .checkpointInterval(Duration.ofMillis(200));
        tweak.accept(builder);
        LearnerJobConfig config = builder.build();
        return LearnerJob.onKafka(
                config, new KafkaSettings(bootstrap, prefix + "learner", true, Map.of()));
    }

    void verifyOutputs() {
        Duration timeout = Duration.ofSeconds(60);
        List<ConsumerRecord<String, Prediction>> predictions =
                KafkaTestReader.readCommitted(
                        bootstrap,
                        prefix + Topics.PREDICTIONS.name(),
                        Topics.PREDICTIONS.codec()::decode,
                        valid.size(),
                        timeout);
        assertThat(predictions).hasSize(valid.size());
        assertThat(predictions)
                .extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(valid.stream().map(Example::getId).toList());
        long correct =
                predictions.stream()
                        .filter(r -> r.value().getLabel().equals(r.value().getPredictedLabel()))
                        .count();
        // Only the first example of each new class cannot be right: blobs are well separated.
        assertThat(correct).isGreaterThanOrEqualTo(valid.size() - CLASSES.size());
        assertThat(predictions.get(0).value().getRanked()).isEmpty();
        assertThat(predictions.get(0).value().getModelVersion()).isZero();
        assertThat(predictions.get(valid.size() - 1).value().getModelVersion()).isEqualTo(2);

        List<ConsumerRecord<String, DeadLetter>> dead =
                KafkaTestReader.readCommitted(
                        bootstrap,
                        prefix + Topics.DEAD_LETTERS.name(),
                        Topics.DEAD_LETTERS.codec()::decode,
                        4,
                        timeout);
        assertThat(dead)
                .extracting(r -> r.value().getErrorClass())
                .containsExactlyInAnyOrder(
                        "UNDECODABLE",
                        ExampleMapper.DIMENSION_MISMATCH,
                        ExampleMapper.NON_FINITE,
                        ExampleMapper.MISSING_MODEL_ID);
        DeadLetter garbage =
                dead.stream()
                        .filter(r -> r.value().getErrorClass().equals("UNDECODABLE"))
                        .findFirst()
                        .orElseThrow()
                        .value();
        assertThat(StandardCharsets.UTF_8.decode(garbage.getValue()).toString())
                .isEqualTo("{\"not\":\"avro\"}");
        assertThat(garbage.getSourceOffset()).isEqualTo(10);
        assertThat(dead).allSatisfy(r -> assertThat(r.value().getReason()).isNotBlank());

        List<ConsumerRecord<String, ModelSnapshot>> snapshots =
                KafkaTestReader.readCommitted(
                        bootstrap,
                        prefix + Topics.MODEL_SNAPSHOTS.name(),
                        Topics.MODEL_SNAPSHOTS.codec()::decode,
                        3,
                        timeout);
        assertThat(snapshots).extracting(r -> r.value().getVersion()).containsExactly(1L, 2L, 3L);
        assertThat(snapshots)
                .extracting(r -> r.value().getParentVersion())
                .containsExactly(null, 1L, 2L);
        assertThat(snapshots)
                .extracting(r -> r.value().getProvenance().getRecordsSeen())
                .containsExactly(150L, 300L, 400L);
        // Version 3 is the end-of-input snapshot, published by the final-watermark timer.
        ModelSnapshot last = snapshots.get(2).value();
        assertThat(last.getModelId()).isEqualTo(MODEL);
        assertThat(last.getLearner().getType()).isEqualTo("ncm");
        assertThat(last.getLearner().getDimension()).isEqualTo(DIMENSION);
        List<String> firstAppearance = valid.stream().map(Example::getLabel).distinct().toList();
        assertThat(last.getClasses())
                .extracting(c -> c.getLabel())
                .containsExactlyElementsOf(firstAppearance);
        for (var c : last.getClasses()) {
            assertThat(c.getCount()).isEqualTo(PER_CLASS);
            double[] expected = meanOf(c.getLabel());
            List<Double> mean = c.getPrototypes().get(0).getMean();
            for (int i = 0; i < DIMENSION; i++) {
                assertThat(mean.get(i))
                        .as("mean[%d] of %s", i, c.getLabel())
                        .isCloseTo(expected[i], within(1e-9));
            }
        }
    }

    /** Every committed snapshot, in offset order. */
    List<ModelSnapshot> snapshots() {
        return KafkaTestReader.readAllCommitted(
                        bootstrap,
                        prefix + Topics.MODEL_SNAPSHOTS.name(),
                        Topics.MODEL_SNAPSHOTS.codec()::decode,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(60))
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Committed records on one of this scenario's topics. */
    int committedCount(String registryTopic) {
        return KafkaTestReader.readAllCommitted(
                        bootstrap,
                        prefix + registryTopic,
                        bytes -> bytes,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(60))
                .size();
    }

    private double[] meanOf(String label) {
        double[] sum = new double[DIMENSION];
        int n = 0;
        for (Example e : valid) {
            if (e.getLabel().equals(label)) {
                float[] x = ExampleMapper.features(e);
                for (int i = 0; i < DIMENSION; i++) {
                    sum[i] += x[i];
                }
                n++;
            }
        }
        final int count = n;
        return Arrays.stream(sum).map(s -> s / count).toArray();
    }

    static Example example(String id, String model, float[] x, String label) {
        return Example.newBuilder()
                .setId(id)
                .setModelId(model)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setFeatures(ExampleMapper.boxed(x))
                .setLabel(label)
                .build();
    }
}
