package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.SnapshotCodec;
import io.protoflow.schemas.ModelSnapshot;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Folds the shards' deltas of one model into the global model with the learner's merge (exact for
 * class means: the global model equals one learned from all examples in one place) and publishes it
 * as versioned snapshots on the usual cadence.
 */
public final class ModelMergerFunction
        extends KeyedProcessFunction<String, ModelDelta, ModelSnapshot> {
    private static final long serialVersionUID = 1L;

    private final LearnerJobConfig config;
    private final String configDigest;
    private final Cadence cadence;
    private transient ValueState<Learner> globalState;
    private transient ValueState<ModelProgress> progressState;
    private transient String jobId;

    /** A merger configured by {@code config}. */
    public ModelMergerFunction(LearnerJobConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.configDigest = config.digest();
        this.cadence = new Cadence(config.snapshotEveryRecords(), config.snapshotInterval());
    }

    @Override
    public void open(OpenContext openContext) {
        globalState = getRuntimeContext().getState(LearnerStates.learner("global"));
        progressState = getRuntimeContext().getState(LearnerStates.progress());
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    }

    @Override
    public void processElement(ModelDelta delta, Context ctx, Collector<ModelSnapshot> out)
            throws Exception {
        Learner part = Learners.restore(SnapshotCodec.decodeLearnerState(delta.learnerState));
        Learner global = globalState.value();
        if (global == null) {
            global = part;
        } else {
            global.merge(part);
        }
        ModelProgress progress = progressState.value();
        if (progress == null) {
            progress = new ModelProgress();
        }
        progress.examplesLearned += delta.examples;
        progress.sincePublish += delta.examples;
        if (cadence.dueAfterWork(progress, ctx.timerService())) {
            publish(global, progress, ctx, out);
        }
        globalState.update(global);
        progressState.update(progress);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelSnapshot> out)
            throws Exception {
        ModelProgress progress = progressState.value();
        Learner global = globalState.value();
        if (progress == null || global == null) {
            return;
        }
        if (cadence.dueOnTimer(progress, timestamp, ctx.timeDomain())) {
            publish(global, progress, ctx, out);
        }
        progressState.update(progress);
    }

    private void publish(
            Learner global, ModelProgress progress, Context ctx, Collector<ModelSnapshot> out) {
        cadence.done(progress, ctx.timerService());
        out.collect(
                PrototypeLearnerFunction.nextSnapshot(
                        ctx.getCurrentKey(),
                        global,
                        null,
                        progress,
                        ctx.timerService().currentProcessingTime(),
                        config.jobName(),
                        configDigest,
                        jobId));
    }
}
