package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.SnapshotCodec;
import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a model learned in parallel: test-then-train on the shard's share of the examples,
 * flushing what it learned (a delta learner) to the merger every N examples or T time and at end of
 * input. Predictions use the newest global model broadcast back from the snapshot topic, plus the
 * shard's own examples since that model (Federated-Reconnaissance-style online averaging: the
 * merger combines the shards' prototypes weighted by their counts).
 */
public final class ShardLearnerFunction
        extends KeyedBroadcastProcessFunction<String, SourcedExample, RawRecord, Prediction> {
    private static final long serialVersionUID = 1L;

    /** Broadcast state: newest global model per model id. */
    static final MapStateDescriptor<String, GlobalModel> GLOBAL_MODELS =
            new MapStateDescriptor<>(
                    "global-models", Types.STRING, TypeInformation.of(GlobalModel.class));

    private static final Logger LOG = LoggerFactory.getLogger(ShardLearnerFunction.class);

    private final Cadence cadence;
    private final TestThenTrain step;
    private final AvroCodec<ModelSnapshot> snapshotCodec = AvroCodec.of(ModelSnapshot.class);

    /** The global model plus this shard's examples since it: what predictions use. */
    private transient ValueState<Learner> localState;

    /** This shard's examples since its last flush: what the merger receives. */
    private transient ValueState<Learner> deltaState;

    /** {@code version}: global version in {@code local}; {@code sincePublish}: delta size. */
    private transient ValueState<ModelProgress> progressState;

    /** A shard learner configured by {@code config}. */
    public ShardLearnerFunction(LearnerJobConfig config) {
        Objects.requireNonNull(config, "config");
        this.cadence = new Cadence(config.mergeEveryRecords(), config.mergeInterval());
        this.step = new TestThenTrain(config);
    }

    @Override
    public void open(OpenContext openContext) {
        localState = getRuntimeContext().getState(LearnerStates.learner("local"));
        deltaState = getRuntimeContext().getState(LearnerStates.learner("delta"));
        progressState = getRuntimeContext().getState(LearnerStates.progress());
        step.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SourcedExample in, ReadOnlyContext ctx, Collector<Prediction> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Learner local = localState.value();
        float[] x =
                step.admit(
                        in,
                        local == null ? 0 : local.dimension(),
                        now,
                        d -> ctx.output(OutputTags.DEAD_LETTERS, d));
        if (x == null) {
            return;
        }
        Learner delta = deltaState.value();
        if (local == null) {
            local = step.newLearner(step.dimensionFor(x));
            delta = step.newLearner(local.dimension());
        }
        ModelProgress progress = progressState.value();
        if (progress == null) {
            progress = new ModelProgress();
        }
        GlobalModel global = ctx.getBroadcastState(GLOBAL_MODELS).get(in.modelId());
        if (global != null && global.version > progress.version) {
            // Adopt the newer global model; keep what this shard learned since its last flush.
            Learner adopted =
                    Learners.restore(SnapshotCodec.decodeLearnerState(global.learnerState));
            if (adopted.dimension() == local.dimension()) {
                adopted.merge(delta);
                local = adopted;
                progress.version = global.version;
            }
        }
        boolean[] learned = new boolean[1];
        Prediction prediction;
        try {
            prediction =
                    step.step(
                            in, x, local, null, null, progress.version, now, learned, local, delta);
        } catch (IllegalArgumentException e) {
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    step.deadLetter(in, DeadLetters.INTERNAL, e.getMessage(), now));
            return;
        }
        out.collect(prediction);
        if (learned[0]) {
            progress.sincePublish++;
            if (cadence.dueAfterWork(progress, ctx.timerService())) {
                delta = flush(ctx.getCurrentKey(), in.modelId(), delta, progress, ctx);
            }
        }
        localState.update(local);
        deltaState.update(delta);
        progressState.update(progress);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out)
            throws Exception {
        ModelProgress progress = progressState.value();
        Learner delta = deltaState.value();
        if (progress == null || delta == null) {
            return;
        }
        if (cadence.dueOnTimer(progress, timestamp, ctx.timeDomain())) {
            String shard = ctx.getCurrentKey();
            deltaState.update(flush(shard, modelOf(shard), delta, progress, ctx));
        }
        progressState.update(progress);
    }

    private Learner flush(
            String shard,
            String modelId,
            Learner delta,
            ModelProgress progress,
            ReadOnlyContext ctx) {
        ctx.output(
                OutputTags.DELTAS,
                new ModelDelta(
                        modelId,
                        shard,
                        progress.sincePublish,
                        SnapshotCodec.encodeLearnerState(delta.snapshot())));
        cadence.done(progress, ctx.timerService());
        return step.newLearner(delta.dimension());
    }

    @Override
    public void processBroadcastElement(RawRecord raw, Context ctx, Collector<Prediction> out)
            throws Exception {
        ModelSnapshot snapshot;
        try {
            snapshot = snapshotCodec.decode(raw.value);
        } catch (BadRecordException e) {
            // Our own topic: a bad record here is a bug elsewhere, not input to reject.
            LOG.warn("ignoring unreadable snapshot at {}: {}", raw, e.getMessage());
            return;
        }
        GlobalModel current = ctx.getBroadcastState(GLOBAL_MODELS).get(snapshot.getModelId());
        if (current == null || snapshot.getVersion() > current.version) {
            byte[] state =
                    SnapshotCodec.encodeLearnerState(SnapshotMapper.fromAvro(snapshot).learner());
            ctx.getBroadcastState(GLOBAL_MODELS)
                    .put(snapshot.getModelId(), new GlobalModel(snapshot.getVersion(), state));
        }
    }

    /** The shard key of an example: its model id and a bucket of its example id. */
    static String shardKey(SourcedExample e, int shards) {
        return e.modelId() + SEPARATOR + Math.floorMod(e.example.getId().hashCode(), shards);
    }

    static String modelOf(String shardKey) {
        return shardKey.substring(0, shardKey.lastIndexOf(SEPARATOR));
    }

    private static final String SEPARATOR = "#";
}
