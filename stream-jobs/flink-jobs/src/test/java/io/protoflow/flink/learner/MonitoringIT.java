package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.AlertStatus;
import io.protoflow.schemas.AlertType;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The learner job's monitoring end to end on the embedded broker: three well-separated classes
 * learned with labels, then unlabelled examples whose labels arrive late on the labels topic, with
 * a concept change half-way (two classes swap labels), then a cluster of a class never seen. The
 * alerts topic must hold exactly one DRIFT alert, raised inside the 500 records after the change
 * and none before, and one NOVEL_CLASS alert naming members of the new cluster; predictions carry
 * OOD scores and snapshots their calibrated threshold.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class MonitoringIT {

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    private static final String PREFIX = "it-monitoring.";
    private static final String MODEL = "shifty";
    private static final int DIM = 6;
    private static final int LABELLED = 2_000;
    private static final int LATE = 1_800;
    private static final int SHIFT_AT = LABELLED + 900;
    private static final int NOVEL = 150;
    private static final long T0 = 1_700_000_000_000L;

    private static float[] sample(Random random, int cls) {
        float[] x = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            x[i] = (float) ((i == cls ? 12.0 : 0.0) + random.nextGaussian());
        }
        return x;
    }

    private static Example example(int i, float[] x, String label) {
        return Example.newBuilder()
                .setId("e" + i)
                .setModelId(MODEL)
                .setEventTime(Instant.ofEpochMilli(T0 + i))
                .setFeatures(ExampleMapper.boxed(x))
                .setLabel(label)
                .build();
    }

    @Test
    void shiftRaisesOneDriftAlertAndNewClusterOneNovelClassAlert(EmbeddedKafkaBroker kafka)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createIfMissing(
                    admin, Topics.all(), PREFIX, 1, (short) 1, Duration.ofSeconds(30));
        }
        Random random = new Random(20261125L);
        List<Map.Entry<String, byte[]>> examples = new ArrayList<>();
        List<Map.Entry<String, byte[]>> labels = new ArrayList<>();
        List<String> novelIds = new ArrayList<>();
        var exampleCodec = Topics.EXAMPLES.codec();
        var labelCodec = Topics.LABELS.codec();
        for (int i = 0; i < LABELLED + LATE + NOVEL; i++) {
            if (i >= LABELLED + LATE) {
                Example e = example(i, sample(random, 4), null);
                novelIds.add(e.getId());
                examples.add(Map.entry(e.getId(), exampleCodec.encode(e)));
                continue;
            }
            int c = random.nextInt(3);
            // after the change, classes 0 and 1 swap labels: the concept changed
            int truth = i >= SHIFT_AT && c < 2 ? 1 - c : c;
            String label = "c" + truth;
            if (i < LABELLED) {
                Example e = example(i, sample(random, c), label);
                examples.add(Map.entry(e.getId(), exampleCodec.encode(e)));
            } else {
                Example e = example(i, sample(random, c), null);
                examples.add(Map.entry(e.getId(), exampleCodec.encode(e)));
                LabelFeedback f =
                        LabelFeedback.newBuilder()
                                .setExampleId(e.getId())
                                .setModelId(MODEL)
                                .setLabel(label)
                                .setEventTime(Instant.ofEpochMilli(T0 + i))
                                .build();
                labels.add(Map.entry(e.getId(), labelCodec.encode(f)));
            }
        }
        KafkaTestWriter.send(bootstrap, PREFIX + Topics.EXAMPLES.name(), examples);
        KafkaTestWriter.send(bootstrap, PREFIX + Topics.LABELS.name(), labels);

        LearnerJobConfig config =
                LearnerJobConfig.builder()
                        .topicPrefix(PREFIX)
                        .snapshotEvery(1_000, Duration.ofHours(1))
                        .checkpointInterval(Duration.ofMillis(300))
                        .build();
        LearnerJob.onKafka(config, new KafkaSettings(bootstrap, PREFIX + "learner", true, Map.of()))
                .execute();

        Duration timeout = Duration.ofSeconds(60);
        List<Alert> alerts =
                KafkaTestReader.readAllCommitted(
                                bootstrap,
                                PREFIX + Topics.ALERTS.name(),
                                Topics.ALERTS.codec()::decode,
                                Duration.ofMillis(500),
                                timeout)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        List<Alert> drift =
                alerts.stream()
                        .filter(a -> a.getType() == AlertType.DRIFT)
                        .filter(a -> a.getStatus() == AlertStatus.RAISED)
                        .toList();
        assertThat(drift).as("DRIFT alerts raised: %s", alerts).hasSize(1);
        long detectedAt = drift.get(0).getWindow().getEnd().toEpochMilli() - T0;
        assertThat(detectedAt).isBetween((long) SHIFT_AT, (long) SHIFT_AT + 500);
        assertThat(drift.get(0).getAlertKey()).isEqualTo(MODEL + "/DRIFT/adwin");
        assertThat(drift.get(0).getModelVersion()).isGreaterThanOrEqualTo(2);

        List<Alert> novel =
                alerts.stream().filter(a -> a.getType() == AlertType.NOVEL_CLASS).toList();
        assertThat(novel).as("NOVEL_CLASS alerts: %s", alerts).hasSize(1);
        assertThat(novel.get(0).getNovelClass().getMemberIds())
                .isNotEmpty()
                .allMatch(novelIds::contains);
        assertThat(novel.get(0).getNovelClass().getPrototype().get(4)).isBetween(10.0, 14.0);

        List<Prediction> predictions =
                KafkaTestReader.readCommitted(
                                bootstrap,
                                PREFIX + Topics.PREDICTIONS.name(),
                                Topics.PREDICTIONS.codec()::decode,
                                examples.size(),
                                timeout)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        assertThat(predictions).hasSize(examples.size());
        assertThat(predictions.get(LABELLED).getOodScore()).isNotNull();
        long flaggedNovel =
                predictions.subList(LABELLED + LATE, predictions.size()).stream()
                        .filter(Prediction::getOodFlag)
                        .count();
        assertThat(flaggedNovel).isGreaterThan(NOVEL * 9 / 10);

        List<ModelSnapshot> snapshots =
                KafkaTestReader.readAllCommitted(
                                bootstrap,
                                PREFIX + Topics.MODEL_SNAPSHOTS.name(),
                                Topics.MODEL_SNAPSHOTS.codec()::decode,
                                Duration.ofMillis(500),
                                timeout)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        assertThat(snapshots.get(snapshots.size() - 1).getThresholds())
                .singleElement()
                .satisfies(t -> assertThat(t.getScorer()).isEqualTo("energy"));
    }
}
