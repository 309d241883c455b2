package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.monitor.ModelMonitor;
import io.protoflow.core.monitor.MonitorConfig;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Test-then-train over one model per key: predicts every example with the current model, then
 * learns it when it is labelled, and publishes a versioned snapshot every N learned examples, after
 * a time interval with unpublished learning, and at the end of input.
 *
 * <p>With monitoring on, each model's {@link ModelMonitor} gives every prediction its OOD score and
 * flag and emits alerts. The second input is late labels: a prediction made without a label waits
 * in TTL map state (keyed by example id) for its label, and a label that comes first waits for its
 * prediction; when both met, the outcome feeds the error-rate drift detector, and a label for a
 * member of a novel-class candidate may promote it to a class of the learner.
 *
 * <p>The learner and the monitor live in keyed state through {@link LearnerSerializer} and {@link
 * MonitorSerializer}; the function itself is a thin adapter that maps records to and from
 * model-core.
 */
public final class PrototypeLearnerFunction
        extends KeyedCoProcessFunction<String, SourcedExample, LabelFeedback, Prediction> {
    private static final long serialVersionUID = 1L;

    private final LearnerJobConfig config;
    private final String configDigest;
    private final Cadence cadence;
    private final TestThenTrain step;

    private transient ValueState<Learner> learnerState;
    private transient ValueState<ModelProgress> progressState;
    private transient ValueState<ModelMonitor> monitorState;
    private transient MapState<String, String> pendingState;
    private transient MonitorConfig monitorConfig;
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
        if (config.monitoring().enabled()) {
            monitorConfig = config.monitoring().toMonitorConfig();
            monitorState = getRuntimeContext().getState(LearnerStates.monitor());
            MapStateDescriptor<String, String> pending =
                    new MapStateDescriptor<>("pending-outcomes", String.class, String.class);
            pending.enableTimeToLive(
                    StateTtlConfig.newBuilder(config.monitoring().labelTtl())
                            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                            .build());
            pendingState = getRuntimeContext().getMapState(pending);
        }
        step.open(getRuntimeContext().getMetricGroup());
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    }

    @Override
    public void processElement1(SourcedExample in, Context ctx, Collector<Prediction> out)
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
        ModelMonitor monitor = null;
        if (monitorState != null) {
            monitor = monitorState.value();
            if (monitor == null) {
                monitor = new ModelMonitor(ctx.getCurrentKey(), learner.dimension(), monitorConfig);
            }
        }
        boolean[] learned = new boolean[1];
        Prediction prediction;
        try {
            prediction =
                    step.step(
                            in,
                            x,
                            learner,
                            monitor,
                            a -> ctx.output(OutputTags.ALERTS, a),
                            progress.version,
                            now,
                            learned,
                            learner);
        } catch (IllegalArgumentException e) {
            // Validation upstream should make this unreachable; never fail the job on a record.
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    step.deadLetter(in, DeadLetters.INTERNAL, e.getMessage(), now));
            return;
        }
        out.collect(prediction);
        learnerState.update(learner);
        if (monitor != null) {
            if (in.example.getLabel() == null) {
                awaitLabel(in.example.getId(), prediction, monitor, progress.version, now, ctx);
            }
            monitorState.update(monitor);
        }
        if (learned[0]) {
            progress.examplesLearned++;
            progress.sincePublish++;
            if (cadence.dueAfterWork(progress, ctx.timerService())) {
                publish(learner, progress, ctx);
            }
        }
        progressState.update(progress);
    }

    /**
     * A late label: joined with its waiting prediction (or kept until the prediction comes), its
     * outcome feeds the drift detector; a label for a novel-class member may promote the class.
     */
    @Override
    public void processElement2(LabelFeedback label, Context ctx, Collector<Prediction> out)
            throws Exception {
        if (pendingState == null) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        String id = label.getExampleId();
        String waiting = pendingState.get(id);
        ModelMonitor monitor = monitorState.value();
        ModelProgress progress = progressState.value();
        long version = progress == null ? 0 : progress.version;
        if (waiting != null && waiting.startsWith(PREDICTED) && monitor != null) {
            joined(
                    id,
                    label.getLabel(),
                    waiting.substring(PREDICTED.length()),
                    label.getEventTime().toEpochMilli(),
                    monitor,
                    version,
                    now,
                    ctx);
        } else if (waiting == null) {
            pendingState.put(id, LABELLED + label.getLabel());
        }
        Learner learner = learnerState.value();
        if (monitor != null && learner != null) {
            if (monitor.labelArrived(learner, id, label.getLabel()).isPresent()) {
                learnerState.update(learner);
            }
            monitorState.update(monitor);
        }
    }

    /** Marks the pending-outcome values: a prediction waiting for its label, or the reverse. */
    private static final String PREDICTED = "p:";

    private static final String LABELLED = "l:";

    private void awaitLabel(
            String id,
            Prediction prediction,
            ModelMonitor monitor,
            long version,
            long now,
            Context ctx)
            throws Exception {
        String predicted =
                prediction.getPredictedLabel() == null ? "" : prediction.getPredictedLabel();
        String early = pendingState.get(id);
        if (early != null && early.startsWith(LABELLED)) {
            joined(
                    id,
                    early.substring(LABELLED.length()),
                    predicted,
                    prediction.getEventTime().toEpochMilli(),
                    monitor,
                    version,
                    now,
                    ctx);
        } else {
            pendingState.put(id, PREDICTED + predicted);
        }
    }

    /** A prediction met its label: the pending entry goes, the outcome feeds the monitor. */
    private void joined(
            String id,
            String label,
            String predicted,
            long eventTime,
            ModelMonitor monitor,
            long version,
            long now,
            Context ctx)
            throws Exception {
        pendingState.remove(id);
        step.lateLabelJoined();
        monitor.outcome(!label.equals(predicted), eventTime, now, version)
                .ifPresent(a -> step.emit(List.of(a), x -> ctx.output(OutputTags.ALERTS, x)));
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

    private void publish(Learner learner, ModelProgress progress, Context ctx)
            throws java.io.IOException {
        cadence.done(progress, ctx.timerService());
        ctx.output(
                OutputTags.SNAPSHOTS,
                nextSnapshot(
                        ctx.getCurrentKey(),
                        learner,
                        monitorState == null ? null : monitorState.value(),
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
            ModelMonitor monitor,
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
                        learner.snapshot(),
                        monitor == null ? List.of() : monitor.thresholds());
        progress.version = version;
        return SnapshotMapper.toAvro(snapshot, jobId);
    }
}
