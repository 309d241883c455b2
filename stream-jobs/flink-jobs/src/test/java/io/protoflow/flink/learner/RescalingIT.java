package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling: the job learns half a stream of four models at parallelism 2, stops with a savepoint
 * (canonical format), and resumes from it at parallelism 1 or 3 on the rest. Every model continues
 * where it was: its snapshot lineage goes on without a gap or repeat, predictions after the restart
 * use the restored versions, and the final models equal the class means of the whole stream.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
// Bounded restarts end a broken job; the timeout bounds anything else.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RescalingIT {

    static final int DIMENSION = 8;
    static final int PER_CLASS = 30;
    static final List<String> MODELS = List.of("m0", "m1", "m2", "m3");
    static final List<String> CLASSES = List.of("a", "b", "c");
    static final int TOTAL = MODELS.size() * CLASSES.size() * PER_CLASS;
    static final long SEED = 20261202L;

    /** Class means after a rescale may differ from the direct means only by rounding. */
    static final double TOLERANCE = 1e-9;

    static MiniCluster cluster;

    @TempDir static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RecoveryClusters.start(1, 3, dir.resolve("checkpoints"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void modelContinuesAfterRescaleFromTwoToOne(EmbeddedKafkaBroker kafka) throws Exception {
        rescale(kafka, "it-rescale-2-1.", 2, 1);
    }

    @Test
    void modelContinuesAfterRescaleFromTwoToThree(EmbeddedKafkaBroker kafka) throws Exception {
        rescale(kafka, "it-rescale-2-3.", 2, 3);
    }

    private void rescale(EmbeddedKafkaBroker kafka, String prefix, int before, int after)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // Three partitions, so the source's split state is redistributed too.
            TopicAdmin.createIfMissing(
                    admin, Topics.all(), prefix, 3, (short) 1, Duration.ofSeconds(30));
        }
        List<Example> stream = stream();
        String examples = prefix + Topics.EXAMPLES.name();
        KafkaTestWriter.send(bootstrap, examples, encode(stream.subList(0, TOTAL / 2)));

        JobClient first =
                job(bootstrap, prefix, before)
                        .executeAsync(RecoveryClusters.env(cluster, before, null));
        readPredictions(bootstrap, prefix, TOTAL / 2);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        Map<String, ModelSnapshot> beforeRescale = newestPerModel(snapshots(bootstrap, prefix));
        assertThat(beforeRescale).containsOnlyKeys(MODELS);

        KafkaTestWriter.send(bootstrap, examples, encode(stream.subList(TOTAL / 2, TOTAL)));
        JobClient second =
                job(bootstrap, prefix, after)
                        .executeAsync(RecoveryClusters.env(cluster, after, savepoint));
        readPredictions(bootstrap, prefix, TOTAL);
        // Drain: the end-of-input timers publish each model's final snapshot.
        second.stopWithSavepoint(
                        true,
                        dir.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);

        List<Prediction> predictions =
                KafkaTestReader.readAllCommitted(
                                bootstrap,
                                prefix + Topics.PREDICTIONS.name(),
                                Topics.PREDICTIONS.codec()::decode,
                                Duration.ofMillis(500),
                                Duration.ofSeconds(60))
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        assertThat(predictions)
                .extracting(Prediction::getExampleId)
                .containsExactlyInAnyOrderElementsOf(stream.stream().map(Example::getId).toList());
        // Second-half predictions were made by the restored models, not by fresh ones.
        Map<String, Example> byId =
                stream.stream().collect(Collectors.toMap(Example::getId, e -> e));
        List<Example> secondHalf = stream.subList(TOTAL / 2, TOTAL);
        for (Prediction p : predictions) {
            if (secondHalf.contains(byId.get(p.getExampleId()))) {
                assertThat(p.getModelVersion())
                        .as("version predicting %s", p.getExampleId())
                        .isGreaterThanOrEqualTo(beforeRescale.get(p.getModelId()).getVersion());
            }
        }

        List<ModelSnapshot> snapshots = snapshots(bootstrap, prefix);
        for (String model : MODELS) {
            List<ModelSnapshot> lineage =
                    snapshots.stream()
                            .filter(s -> s.getModelId().equals(model))
                            .sorted(Comparator.comparingLong(ModelSnapshot::getVersion))
                            .toList();
            // One lineage across both runs: versions 1..n, each once, each on its parent.
            for (int i = 0; i < lineage.size(); i++) {
                ModelSnapshot s = lineage.get(i);
                assertThat(s.getVersion()).as("%s lineage", model).isEqualTo(i + 1L);
                assertThat(s.getParentVersion()).isEqualTo(i == 0 ? null : (Long) (long) i);
            }
            ModelSnapshot last = lineage.get(lineage.size() - 1);
            assertThat(last.getVersion()).isGreaterThan(beforeRescale.get(model).getVersion());
            assertThat(last.getProvenance().getRecordsSeen())
                    .isEqualTo((long) CLASSES.size() * PER_CLASS);
            for (ClassState c : last.getClasses()) {
                assertThat(c.getCount()).isEqualTo(PER_CLASS);
                double[] expected = meanOf(stream, model, c.getLabel());
                List<Double> mean = c.getPrototypes().get(0).getMean();
                for (int i = 0; i < DIMENSION; i++) {
                    assertThat(mean.get(i))
                            .as("%s %s mean[%d]", model, c.getLabel(), i)
                            .isCloseTo(expected[i], within(TOLERANCE));
                }
            }
        }
    }

    private static LearnerJob job(String bootstrap, String prefix, int parallelism) {
        LearnerJobConfig config =
                LearnerJobConfig.builder()
                        .topicPrefix(prefix)
                        .parallelism(parallelism)
                        .snapshotEvery(20, Duration.ofHours(1))
                        .checkpointInterval(Duration.ofMillis(200))
                        .build();
        return LearnerJob.onKafka(
                config, new KafkaSettings(bootstrap, prefix + "learner", false, Map.of()));
    }

    /** Four models of three Gaussian blobs each, interleaved in a seeded random order. */
    private static List<Example> stream() {
        Random random = new Random(SEED);
        List<Example> all = new ArrayList<>();
        for (String model : MODELS) {
            for (String label : CLASSES) {
                float[] centre = new float[DIMENSION];
                for (int i = 0; i < DIMENSION; i++) {
                    centre[i] = (float) (random.nextGaussian() * 10);
                }
                for (int n = 0; n < PER_CLASS; n++) {
                    float[] x = new float[DIMENSION];
                    for (int i = 0; i < DIMENSION; i++) {
                        x[i] = centre[i] + (float) random.nextGaussian();
                    }
                    all.add(
                            LearnerFlowScenario.example(
                                    model + "-" + label + "-" + n, model, x, label));
                }
            }
        }
        Collections.shuffle(all, random);
        return all;
    }

    private static List<Map.Entry<String, byte[]>> encode(List<Example> examples) {
        return examples.stream()
                .map(e -> Map.entry(e.getId(), Topics.EXAMPLES.codec().encode(e)))
                .toList();
    }

    private static void readPredictions(String bootstrap, String prefix, int count) {
        KafkaTestReader.readCommitted(
                bootstrap,
                prefix + Topics.PREDICTIONS.name(),
                bytes -> bytes,
                count,
                Duration.ofSeconds(60));
    }

    private static List<ModelSnapshot> snapshots(String bootstrap, String prefix) {
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

    private static Map<String, ModelSnapshot> newestPerModel(List<ModelSnapshot> snapshots) {
        Map<String, ModelSnapshot> newest = new HashMap<>();
        for (ModelSnapshot s : snapshots) {
            newest.merge(s.getModelId(), s, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        return newest;
    }

    private static double[] meanOf(List<Example> stream, String model, String label) {
        double[] sum = new double[DIMENSION];
        int n = 0;
        for (Example e : stream) {
            if (e.getModelId().equals(model) && e.getLabel().equals(label)) {
                float[] x = ExampleMapper.features(e);
                for (int i = 0; i < DIMENSION; i++) {
                    sum[i] += x[i];
                }
                n++;
            }
        }
        for (int i = 0; i < DIMENSION; i++) {
            sum[i] /= n;
        }
        return sum;
    }
}
