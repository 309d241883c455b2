package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.stream.mapping.SnapshotMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.time.Duration;
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
 * A model of 1000 classes at d = 768 (a snapshot of about 6 MB, above Kafka's 1 MB defaults) is
 * published by the job's exactly-once snapshot sink and read back equal.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LargeSnapshotIT {

    static final int CLASSES = 1000;
    static final int DIMENSION = 768;
    static final long SEED = 20261201L;

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void thousandClassSnapshotAt768DimensionsIsPublishedAndReadBackEqual(EmbeddedKafkaBroker kafka)
            throws Exception {
        String prefix = "it-large.";
        String bootstrap = kafka.bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createIfMissing(
                    admin, Topics.all(), prefix, 1, (short) 1, Duration.ofSeconds(30));
        }
        // One example per class: each class mean is exactly that example, as doubles.
        Random random = new Random(SEED);
        List<float[]> vectors = new ArrayList<>();
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            float[] x = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                x[i] = (float) random.nextGaussian();
            }
            vectors.add(x);
            Example e = LearnerFlowScenario.example("x" + c, "wide", x, "class-" + c);
            records.add(Map.entry(e.getId(), Topics.EXAMPLES.codec().encode(e)));
        }
        KafkaTestWriter.send(bootstrap, prefix + Topics.EXAMPLES.name(), records);

        LearnerJobConfig config =
                LearnerJobConfig.builder()
                        .topicPrefix(prefix)
                        .snapshotEvery(1_000_000, Duration.ofHours(1))
                        .checkpointInterval(Duration.ofMillis(500))
                        .build();
        LearnerJob.onKafka(config, new KafkaSettings(bootstrap, prefix + "learner", true, Map.of()))
                .execute();

        List<ConsumerRecord<String, ModelSnapshot>> published =
                KafkaTestReader.readAllCommitted(
                        bootstrap,
                        prefix + Topics.MODEL_SNAPSHOTS.name(),
                        Topics.MODEL_SNAPSHOTS.codec()::decode,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(60));
        assertThat(published).hasSize(1);
        ModelSnapshot snapshot = published.get(0).value();
        int bytes = Topics.MODEL_SNAPSHOTS.codec().encode(snapshot).length;
        assertThat(bytes).isBetween(6_000_000, Topics.MAX_SNAPSHOT_BYTES);
        assertThat(snapshot.getProvenance().getRecordsSeen()).isEqualTo(CLASSES);
        assertThat(snapshot.getClasses()).hasSize(CLASSES);
        for (int c = 0; c < CLASSES; c++) {
            ClassState state = snapshot.getClasses().get(c);
            assertThat(state.getLabel()).isEqualTo("class-" + c);
            assertThat(state.getCount()).isEqualTo(1);
            List<Double> mean = state.getPrototypes().get(0).getMean();
            double[] expected = new double[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                expected[i] = vectors.get(c)[i];
            }
            assertThat(mean.stream().mapToDouble(Double::doubleValue).toArray())
                    .as("mean of class-%d", c)
                    .containsExactly(expected);
        }
        // The read-back model predicts as one learned here from the same examples.
        Learner local = Learners.create("ncm", DIMENSION, Map.of());
        for (int c = 0; c < CLASSES; c++) {
            local.learn(vectors.get(c), "class-" + c);
        }
        Learner restored = Learners.restore(SnapshotMapper.fromAvro(snapshot).learner());
        assertThat(restored.classes()).isEqualTo(local.classes());
        Random probes = new Random(SEED + 1);
        for (int p = 0; p < 20; p++) {
            float[] q = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                q[i] = (float) probes.nextGaussian();
            }
            assertThat(restored.predict(q, 5).ranked()).isEqualTo(local.predict(q, 5).ranked());
        }
        System.out.printf(
                "large snapshot: %d classes x %d dims, %d bytes encoded%n",
                CLASSES, DIMENSION, bytes);
    }
}
