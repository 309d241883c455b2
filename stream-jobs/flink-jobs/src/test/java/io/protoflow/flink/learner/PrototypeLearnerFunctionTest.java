package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.ExampleMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The learner operator in Flink's operator test harness: state, timers, side outputs. */
class PrototypeLearnerFunctionTest {

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, SourcedExample, LabelFeedback, Prediction>
            harness;

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, SourcedExample, LabelFeedback, Prediction>
            harness(LearnerJobConfig config) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new PrototypeLearnerFunction(config)),
                SourcedExample::modelId,
                LabelFeedback::getModelId,
                Types.STRING);
    }

    private static LearnerJobConfig config(long every, Duration interval) {
        return LearnerJobConfig.builder().topK(2).snapshotEvery(every, interval).build();
    }

    private static SourcedExample in(String id, String model, String label, float... x) {
        Example e =
                Example.newBuilder()
                        .setId(id)
                        .setModelId(model)
                        .setEventTime(Instant.ofEpochMilli(1000))
                        .setFeatures(ExampleMapper.boxed(x))
                        .setLabel(label)
                        .build();
        return new SourcedExample("examples", 0, 7, 1000, e);
    }

    private List<ModelSnapshot> snapshots() {
        var queue = harness.getSideOutput(OutputTags.SNAPSHOTS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }

    private List<DeadLetter> deadLetters() {
        var queue = harness.getSideOutput(OutputTags.DEAD_LETTERS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void predictsBeforeLearningAndPublishesEveryNExamples() throws Exception {
        harness = harness(config(3, Duration.ofHours(1)));
        harness.open();
        harness.processElement1(in("1", "m", "a", 0, 0), 0);
        harness.processElement1(in("2", "m", "b", 10, 10), 0);
        harness.processElement1(in("3", "m", "a", 1, 0), 0);
        harness.processElement1(in("4", "m", "b", 9, 11), 0);

        List<Prediction> out = harness.extractOutputValues();
        assertThat(out).hasSize(4);
        assertThat(out.get(0).getRanked()).isEmpty();
        assertThat(out.get(0).getPredictedLabel()).isNull();
        assertThat(out.get(1).getPredictedLabel()).isEqualTo("a"); // only class known yet
        assertThat(out.get(2).getPredictedLabel()).isEqualTo("a");
        assertThat(out.get(3).getPredictedLabel()).isEqualTo("b");
        assertThat(out.get(3).getRanked()).hasSize(2);
        assertThat(out.get(2).getModelVersion()).isZero();
        assertThat(out.get(3).getModelVersion()).isEqualTo(1);

        List<ModelSnapshot> snapshots = snapshots();
        assertThat(snapshots).hasSize(1);
        ModelSnapshot s = snapshots.get(0);
        assertThat(s.getVersion()).isEqualTo(1);
        assertThat(s.getParentVersion()).isNull();
        assertThat(s.getProvenance().getRecordsSeen()).isEqualTo(3);
        assertThat(s.getClasses())
                .extracting(c -> c.getLabel() + ":" + c.getCount())
                .containsExactly("a:2", "b:1");
        assertThat(s.getClasses().get(0).getPrototypes().get(0).getMean())
                .containsExactly(0.5, 0.0);
    }

    @Test
    void wrongDimensionGoesToDeadLettersAndLeavesTheModelAlone() throws Exception {
        harness = harness(config(100, Duration.ofHours(1)));
        harness.open();
        harness.processElement1(in("1", "m", "a", 0, 0), 0);
        harness.processElement1(in("2", "m", "a", 1, 2, 3), 0);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getErrorClass())
                                    .isEqualTo(ExampleMapper.DIMENSION_MISMATCH);
                            assertThat(d.getReason())
                                    .contains("features has dimension 3, model 'm' expects 2");
                            assertThat(d.getStage()).isEqualTo("learn");
                            assertThat(d.getSourceOffset()).isEqualTo(7);
                        });
        assertThat(snapshots())
                .singleElement()
                .satisfies(s -> assertThat(s.getProvenance().getRecordsSeen()).isEqualTo(1));
    }

    @Test
    void publishesAfterTheIntervalAndAtEndOfInput() throws Exception {
        harness = harness(config(1000, Duration.ofSeconds(5)));
        harness.open();
        harness.setProcessingTime(0);
        harness.processElement1(in("1", "m", "a", 0, 0), 0);
        assertThat(snapshots()).isEmpty();
        harness.setProcessingTime(5_000);
        assertThat(snapshots()).extracting(ModelSnapshot::getVersion).containsExactly(1L);

        harness.processElement1(in("2", "m", "b", 5, 5), 0);
        harness.processBothWatermarks(
                new Watermark(Long.MAX_VALUE)); // end of input: the last learning is published
        assertThat(snapshots()).extracting(ModelSnapshot::getVersion).containsExactly(1L, 2L);
        // Nothing new since: the pending interval timer publishes nothing more.
        harness.setProcessingTime(20_000);
        assertThat(snapshots()).hasSize(2);
    }

    @Test
    void modelsWithDifferentIdsLearnIndependently() throws Exception {
        harness = harness(config(1, Duration.ofHours(1)));
        harness.open();
        harness.processElement1(in("1", "left", "a", 0, 0), 0);
        harness.processElement1(in("2", "right", "z", 0, 0), 0);
        harness.processElement1(in("3", "left", "a", 0, 1), 0);

        assertThat(harness.extractOutputValues().get(2).getPredictedLabel()).isEqualTo("a");
        assertThat(snapshots())
                .extracting(s -> s.getModelId() + "@" + s.getVersion())
                .containsExactly("left@1", "right@1", "left@2");
    }

    @Test
    void restoredOperatorContinuesTheModelAndItsVersions() throws Exception {
        LearnerJobConfig config = config(2, Duration.ofHours(1));
        harness = harness(config);
        harness.open();
        harness.processElement1(in("1", "m", "a", 0, 0), 0);
        harness.processElement1(in("2", "m", "b", 10, 10), 0);
        OperatorSubtaskState state = harness.snapshot(1L, 1L);
        harness.close();

        harness = harness(config);
        harness.initializeState(state);
        harness.open();
        harness.processElement1(in("3", "m", "b", 9, 9), 0);
        harness.processElement1(in("4", "m", "a", 1, 1), 0);

        List<Prediction> out = harness.extractOutputValues();
        assertThat(out.get(0).getPredictedLabel()).isEqualTo("b");
        assertThat(out.get(0).getModelVersion()).isEqualTo(1);
        assertThat(snapshots())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.getVersion()).isEqualTo(2);
                            assertThat(s.getParentVersion()).isEqualTo(1);
                            assertThat(s.getProvenance().getRecordsSeen()).isEqualTo(4);
                        });
    }
}
