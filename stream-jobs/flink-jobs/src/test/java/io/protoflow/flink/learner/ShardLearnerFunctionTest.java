package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.core.snapshot.SnapshotCodec;
import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.mapping.SnapshotMapper;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A learner shard in Flink's broadcast operator harness: deltas out, global model in. */
class ShardLearnerFunctionTest {

    private KeyedBroadcastOperatorTestHarness<String, SourcedExample, RawRecord, Prediction>
            harness;

    @BeforeEach
    void open() throws Exception {
        LearnerJobConfig config =
                LearnerJobConfig.builder().shards(2, 2, Duration.ofHours(1)).topK(3).build();
        harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new ShardLearnerFunction(config),
                        e -> ShardLearnerFunction.shardKey(e, 2),
                        Types.STRING,
                        ShardLearnerFunction.GLOBAL_MODELS);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static SourcedExample in(String id, String label, float... x) {
        Example e =
                Example.newBuilder()
                        .setId(id)
                        .setModelId("m")
                        .setEventTime(Instant.EPOCH)
                        .setFeatures(ExampleMapper.boxed(x))
                        .setLabel(label)
                        .build();
        return new SourcedExample("examples", 0, 0, 0, e);
    }

    private List<ModelDelta> deltas() {
        var queue = harness.getSideOutput(OutputTags.DELTAS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void flushesDeltasOfLearnedExamplesEveryN() throws Exception {
        // Ids chosen in one bucket so one shard sees all three.
        String shard = ShardLearnerFunction.shardKey(in("a", "x", 0, 0), 2);
        List<String> ids =
                java.util.stream.IntStream.range(0, 100)
                        .mapToObj(i -> "id" + i)
                        .filter(
                                id ->
                                        ShardLearnerFunction.shardKey(in(id, "x", 0, 0), 2)
                                                .equals(shard))
                        .limit(3)
                        .toList();
        harness.processElement(in(ids.get(0), "x", 0, 0), 0);
        harness.processElement(in(ids.get(1), "y", 4, 4), 0);
        harness.processElement(in(ids.get(2), "x", 2, 0), 0);

        assertThat(deltas())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.modelId).isEqualTo("m");
                            assertThat(d.shard).isEqualTo(shard);
                            assertThat(d.examples).isEqualTo(2);
                            Learner delta =
                                    Learners.restore(
                                            SnapshotCodec.decodeLearnerState(d.learnerState));
                            assertThat(delta.classes()).containsExactly("x", "y");
                            assertThat(delta.examplesSeen()).isEqualTo(2);
                        });
        // End of input: the final watermark arrives on both inputs, and flushes the rest.
        harness.processWatermark(Long.MAX_VALUE);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        assertThat(deltas()).hasSize(2);
        assertThat(deltas().get(1).examples).isEqualTo(1);
    }

    @Test
    void predictsWithTheNewestBroadcastGlobalModel() throws Exception {
        harness.processElement(in("first", "x", 0, 0), 0);
        NearestClassMean global = new NearestClassMean(2, NearestClassMean.Metric.EUCLIDEAN);
        global.learn(new float[] {10, 10}, "z");
        global.learn(new float[] {0, 0}, "x");
        ModelSnapshot snapshot =
                new ModelSnapshot("m", 5, 4, 0, new Provenance("job", 2, "d"), global.snapshot());
        byte[] wire = Topics.MODEL_SNAPSHOTS.codec().encode(SnapshotMapper.toAvro(snapshot, null));
        harness.processBroadcastElement(new RawRecord("snapshots", 0, 0, 0, null, wire), 0);
        assertThat(harness.getBroadcastState(ShardLearnerFunction.GLOBAL_MODELS).get("m").version)
                .isEqualTo(5);

        harness.processElement(in("second", null, 9, 9), 0);
        Prediction p = harness.extractOutputValues().get(1);
        assertThat(p.getModelVersion()).isEqualTo(5);
        assertThat(p.getPredictedLabel()).isEqualTo("z");
    }
}
