package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.flink.learner.FailureInjectingSource.Mode;
import io.protoflow.flink.learner.FailureInjectingSource.Plan;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once, proven by breaking the job mid-stream: once by a task failure, once by losing a
 * TaskManager, each after a checkpoint has committed part of the output and while later output is
 * still in open Kafka transactions. After recovery, a {@code read_committed} reader sees every
 * prediction exactly once and equal to those of a failure-free run over the same input, the
 * snapshot lineage has each version once, and the final snapshot equals the failure-free one.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
// Bounded restarts end a broken job; the timeout bounds anything else.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExactlyOnceRecoveryIT {

    /** Class means after recovery may differ from the failure-free run only by rounding. */
    static final double TOLERANCE = 1e-9;

    /** Records emitted before the job pauses for a checkpoint (after snapshot version 1). */
    static final int BEFORE = 200;

    /** Records emitted after that checkpoint and before the failure. */
    static final int AFTER = 60;

    static MiniCluster cluster;
    static List<Prediction> referencePredictions;
    static List<ModelSnapshot> referenceSnapshots;

    @BeforeAll
    static void startClusterAndRunReference(EmbeddedKafkaBroker kafka, @TempDir Path dir)
            throws Exception {
        // Two TaskManagers of one slot each: a parallelism-2 job has a task on both.
        cluster = RecoveryClusters.start(2, 1, dir);
        LearnerFlowScenario reference =
                new LearnerFlowScenario(kafka.bootstrapServers(), "eo-ref.");
        reference.produceStream();
        reference
                .job()
                .executeAsync(RecoveryClusters.env(cluster, 1, null))
                .getJobExecutionResult()
                .get(60, TimeUnit.SECONDS);
        referencePredictions = predictions(kafka, "eo-ref.");
        referenceSnapshots = reference.snapshots();
        assertThat(referencePredictions).hasSize(400);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void taskFailureMidStreamRecoversToTheFailureFreeOutputs(EmbeddedKafkaBroker kafka)
            throws Exception {
        String prefix = "eo-task.";
        LearnerFlowScenario scenario = new LearnerFlowScenario(kafka.bootstrapServers(), prefix);
        scenario.produceStream();
        Plan plan = FailureInjectingSource.plan(prefix, BEFORE, AFTER, Mode.THROW);
        JobClient job =
                scenario.job()
                        .withExampleSource(s -> FailureInjectingSource.wrap(s, plan))
                        .executeAsync(RecoveryClusters.env(cluster, 1, null));
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        assertRecovered(plan);
        assertSameOutputsAsFailureFreeRun(kafka, scenario, prefix);
    }

    @Test
    void taskManagerLossMidStreamRecoversToTheFailureFreeOutputs(EmbeddedKafkaBroker kafka)
            throws Exception {
        String prefix = "eo-tm.";
        LearnerFlowScenario scenario = new LearnerFlowScenario(kafka.bootstrapServers(), prefix);
        scenario.produceStream();
        Plan plan = FailureInjectingSource.plan(prefix, BEFORE, AFTER, Mode.HALT);
        JobClient job =
                scenario.job(b -> b.parallelism(2))
                        .withExampleSource(s -> FailureInjectingSource.wrap(s, plan))
                        .executeAsync(RecoveryClusters.env(cluster, 2, null));
        assertThat(plan.halted.await(60, TimeUnit.SECONDS)).as("source halted").isTrue();
        // Each TaskManager runs one subtask of every operator: losing either fails the job.
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        assertRecovered(plan);
        assertSameOutputsAsFailureFreeRun(kafka, scenario, prefix);
    }

    /** The job restarted, and its new reader resumed from the checkpoint, not from offset 0. */
    private static void assertRecovered(Plan plan) {
        assertThat(plan.fired).isTrue();
        assertThat(plan.readersCreated.get()).isGreaterThan(plan.mode == Mode.THROW ? 1 : 2);
        // One entry per attempt that read. The first started at 0; a restart before any checkpoint
        // (seen when a lost TaskManager's slots are still offered) starts at 0 again; the attempt
        // that finished resumed from the checkpoint after BEFORE records, or a later one.
        List<Long> offsets = plan.firstOffsets;
        assertThat(offsets).hasSizeGreaterThanOrEqualTo(2);
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets.get(offsets.size() - 1)).isBetween((long) BEFORE, (long) BEFORE + AFTER);
        assertThat(offsets)
                .allSatisfy(
                        o -> assertThat(o == 0 || (o >= BEFORE && o <= BEFORE + AFTER)).isTrue());
    }

    private static void assertSameOutputsAsFailureFreeRun(
            EmbeddedKafkaBroker kafka, LearnerFlowScenario scenario, String prefix) {
        scenario.verifyOutputs();
        List<Prediction> predictions = predictions(kafka, prefix);
        // Exactly once: no prediction missing, none twice, each as in the failure-free run.
        assertThat(predictions).hasSize(referencePredictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            Prediction got = predictions.get(i);
            Prediction want = referencePredictions.get(i);
            assertThat(got.getExampleId()).isEqualTo(want.getExampleId());
            assertThat(got.getModelVersion())
                    .as(want.getExampleId())
                    .isEqualTo(want.getModelVersion());
            assertThat(got.getPredictedLabel())
                    .as(want.getExampleId())
                    .isEqualTo(want.getPredictedLabel());
            assertThat(got.getRanked()).as(want.getExampleId()).isEqualTo(want.getRanked());
        }
        assertThat(scenario.committedCount(Topics.DEAD_LETTERS.name())).isEqualTo(4);

        List<ModelSnapshot> snapshots = scenario.snapshots();
        assertThat(snapshots).extracting(ModelSnapshot::getVersion).containsExactly(1L, 2L, 3L);
        for (int v = 0; v < snapshots.size(); v++) {
            assertSameModel(snapshots.get(v), referenceSnapshots.get(v));
        }
    }

    static void assertSameModel(ModelSnapshot got, ModelSnapshot want) {
        assertThat(got.getVersion()).isEqualTo(want.getVersion());
        assertThat(got.getProvenance().getRecordsSeen())
                .isEqualTo(want.getProvenance().getRecordsSeen());
        assertThat(got.getClasses())
                .extracting(ClassState::getLabel)
                .containsExactlyElementsOf(
                        want.getClasses().stream().map(ClassState::getLabel).toList());
        for (int c = 0; c < want.getClasses().size(); c++) {
            ClassState g = got.getClasses().get(c);
            ClassState w = want.getClasses().get(c);
            assertThat(g.getCount()).isEqualTo(w.getCount());
            List<Double> gm = g.getPrototypes().get(0).getMean();
            List<Double> wm = w.getPrototypes().get(0).getMean();
            assertThat(gm).hasSameSizeAs(wm);
            for (int i = 0; i < wm.size(); i++) {
                assertThat(gm.get(i))
                        .as("v%d %s mean[%d]", want.getVersion(), w.getLabel(), i)
                        .isCloseTo(wm.get(i), within(TOLERANCE));
            }
        }
    }

    private static List<Prediction> predictions(EmbeddedKafkaBroker kafka, String prefix) {
        return io.protoflow.testing.KafkaTestReader.readAllCommitted(
                        kafka.bootstrapServers(),
                        prefix + Topics.PREDICTIONS.name(),
                        Topics.PREDICTIONS.codec()::decode,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(60))
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }
}
