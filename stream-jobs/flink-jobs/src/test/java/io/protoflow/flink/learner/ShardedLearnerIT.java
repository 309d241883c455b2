package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parallel learners merged into one model without loss: the same stream learned by two shards at
 * parallelism 2 gives the same global snapshot as one learner at parallelism 1.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShardedLearnerIT {

    /** Class means merged from shards differ from sequential ones only by rounding. */
    static final double TOLERANCE = 1e-9;

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void globalSnapshotAtParallelismTwoEqualsParallelismOne(EmbeddedKafkaBroker kafka)
            throws Exception {
        LearnerFlowScenario single = new LearnerFlowScenario(kafka.bootstrapServers(), "it-p1.");
        single.produceStream();
        single.job().execute();

        LearnerFlowScenario sharded = new LearnerFlowScenario(kafka.bootstrapServers(), "it-p2.");
        sharded.produceStream();
        sharded.job(b -> b.parallelism(2).shards(2, 40, Duration.ofHours(1))).execute();

        ModelSnapshot one = newest(single.snapshots());
        ModelSnapshot two = newest(sharded.snapshots());
        assertThat(two.getProvenance().getRecordsSeen())
                .isEqualTo(one.getProvenance().getRecordsSeen())
                .isEqualTo(400);
        Map<String, ClassState> expected = byLabel(one);
        Map<String, ClassState> actual = byLabel(two);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String label : expected.keySet()) {
            assertThat(actual.get(label).getCount()).isEqualTo(expected.get(label).getCount());
            List<Double> a = actual.get(label).getPrototypes().get(0).getMean();
            List<Double> e = expected.get(label).getPrototypes().get(0).getMean();
            for (int i = 0; i < e.size(); i++) {
                assertThat(a.get(i))
                        .as("%s mean[%d]", label, i)
                        .isCloseTo(e.get(i), within(TOLERANCE));
            }
        }
        // Every example was still predicted exactly once, and the poison still dead-lettered.
        assertThat(sharded.committedCount(Topics.PREDICTIONS.name())).isEqualTo(400);
        assertThat(sharded.committedCount(Topics.DEAD_LETTERS.name())).isEqualTo(4);
    }

    private static ModelSnapshot newest(List<ModelSnapshot> snapshots) {
        assertThat(snapshots).isNotEmpty();
        return snapshots.stream()
                .max(Comparator.comparingLong(ModelSnapshot::getVersion))
                .orElseThrow();
    }

    private static Map<String, ClassState> byLabel(ModelSnapshot s) {
        return s.getClasses().stream()
                .collect(Collectors.toMap(ClassState::getLabel, Function.identity()));
    }
}
