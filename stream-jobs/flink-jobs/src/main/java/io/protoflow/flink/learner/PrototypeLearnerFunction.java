package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Test-then-train over one model per key: predicts every example with the current model, then
 * learns it when it is labelled, and publishes a versioned snapshot every N learned examples, after
 * a time interval with unpublished learning, and at the end of input.
 *
 * <p>The learner lives in keyed state through {@link LearnerSerializer}; the function itself is a
 * thin adapter that maps records to and from model-core.
 */
public final class PrototypeLearnerFunction
        extends KeyedProcessFunction<String, SourcedExample, Prediction> {
    private static final long serialVersionUID = 1L;

    private final LearnerJobConfig config;
    private final String configDigest;
    private final Cadence cadence;
    private final TestThenTrain step;

    private transient ValueState<Learner> learnerState;
    private transient ValueState<ModelProgress> progressState;
    private transient String jobId;

    /** A learner function configured by {@code config}. */
    public PrototypeLearnerFunction(LearnerJobConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.configDigest = config.digest();
        this.cadence = new Cadence(config.snapshotEveryRecords(), config.snapshotInterval());
        this.step = new TestThenTrain(config);
    }

    @Override
    public void open(OpenContext openContext) {
        learnerState = getRuntimeContext().getState(LearnerStates.learner("learner"));
        progressState = getRuntimeContext().getState(LearnerStates.progress());
        step.open(getRuntimeContext().getMetricGroup());
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    }

    @Override
    public void processElement(SourcedExample in, Context ctx, Collector<Prediction> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Learner learner = learnerState.value();
        float[] x =
                step.admit(
                        in,
                        learner == null ? 0 : learner.dimension(),
                        now,
                        d -> ctx.output(OutputTags.DEAD_LETTERS, d));
        if (x == null) {
            return;
        }
        if (learner == null) {
            learner = step.newLearner(step.dimensionFor(x));
        }
        ModelProgress progress = progressState.value();
        if (progress == null) {
            progress = new ModelProgress();
        }
        boolean[] learned = new boolean[1];
        Prediction prediction;
        try {
            prediction = step.step(in, x, learner, progress.version, now, learned, learner);
        } catch (IllegalArgumentException e) {
            // Validation upstream should make this unreachable; never fail the job on a record.
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    step.deadLetter(in, DeadLetters.INTERNAL, e.getMessage(), now));
            return;
        }
        out.collect(prediction);
        learnerState.update(learner);
        if (learned[0]) {
            progress.examplesLearned++;
            progress.sincePublish++;
            if (cadence.dueAfterWork(progress, ctx.timerService())) {
                publish(learner, progress, ctx);
            }
        }
        progressState.update(progress);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out)
            throws Exception {
        ModelProgress progress = progressState.value();
        Learner learner = learnerState.value();
        if (progress == null || learner == null) {
            return;
        }
        if (cadence.dueOnTimer(progress, timestamp, ctx.timeDomain())) {
            publish(learner, progress, ctx);
        }
        progressState.update(progress);
    }

    private void publish(Learner learner, ModelProgress progress, Context ctx) {
        cadence.done(progress, ctx.timerService());
        ctx.output(
                OutputTags.SNAPSHOTS,
                nextSnapshot(
                        ctx.getCurrentKey(),
                        learner,
                        progress,
                        ctx.timerService().currentProcessingTime(),
                        config.jobName(),
                        configDigest,
                        jobId));
        step.published(progress.version);
    }

    /** The next versioned snapshot of a model; advances {@code progress.version}. */
    static io.protoflow.schemas.ModelSnapshot nextSnapshot(
            String modelId,
            Learner learner,
            ModelProgress progress,
            long now,
            String job,
            String configDigest,
            String jobId) {
        long version = progress.version + 1;
        ModelSnapshot snapshot =
                new ModelSnapshot(
                        modelId,
                        version,
                        progress.version,
                        now,
                        new Provenance(job, progress.examplesLearned, configDigest),
                        learner.snapshot());
        progress.version = version;
        return SnapshotMapper.toAvro(snapshot, jobId);
    }
}
