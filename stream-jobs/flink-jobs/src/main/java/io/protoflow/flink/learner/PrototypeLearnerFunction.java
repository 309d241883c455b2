package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.mapping.PredictionMapper;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
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

    /** Stage name recorded in dead letters. */
    static final String STAGE = "learn";

    private final LearnerJobConfig config;
    private final String configDigest;
    private final AvroCodec<Example> exampleCodec = AvroCodec.of(Example.class);

    private transient ValueState<Learner> learnerState;
    private transient ValueState<ModelProgress> progressState;
    private transient Counter predictions;
    private transient Counter learned;
    private transient Counter deadLetters;
    private transient Counter correct;
    private transient Counter labelled;
    private transient long lastVersion;
    private transient String jobId;

    /** A learner function configured by {@code config}. */
    public PrototypeLearnerFunction(LearnerJobConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.configDigest = config.digest();
        // Fail at job construction, not at the first record, for an unknown learner or parameter.
        Learners.create(
                config.learnerType(), Math.max(1, config.dimension()), config.learnerParams());
    }

    @Override
    public void open(OpenContext openContext) {
        learnerState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("learner", LearnerSerializer.INSTANCE));
        progressState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "progress", TypeInformation.of(ModelProgress.class)));
        var metrics = getRuntimeContext().getMetricGroup();
        predictions = metrics.counter("predictions");
        learned = metrics.counter("examplesLearned");
        deadLetters = metrics.counter("deadLetters");
        labelled = metrics.counter("prequentialLabelled");
        correct = metrics.counter("prequentialCorrect");
        metrics.gauge("snapshotVersion", () -> lastVersion);
        metrics.gauge(
                "prequentialAccuracy",
                () ->
                        labelled.getCount() == 0
                                ? 0.0
                                : (double) correct.getCount() / labelled.getCount());
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
    }

    @Override
    public void processElement(SourcedExample in, Context ctx, Collector<Prediction> out)
            throws Exception {
        Example example = in.example;
        float[] x = ExampleMapper.features(example);
        if (x == null) {
            reject(
                    in,
                    ExampleMapper.MISSING_FEATURES,
                    "example '"
                            + example.getId()
                            + "' has text but no feature vector, and no text"
                            + " encoder is configured for model '"
                            + example.getModelId()
                            + "'",
                    ctx);
            return;
        }
        Learner learner = learnerState.value();
        if (learner == null) {
            int dimension = config.dimension() > 0 ? config.dimension() : x.length;
            learner = Learners.create(config.learnerType(), dimension, config.learnerParams());
        }
        if (x.length != learner.dimension()) {
            reject(
                    in,
                    ExampleMapper.DIMENSION_MISMATCH,
                    "example '"
                            + example.getId()
                            + "': features has dimension "
                            + x.length
                            + ", model '"
                            + example.getModelId()
                            + "' expects "
                            + learner.dimension(),
                    ctx);
            return;
        }
        ModelProgress progress = progressState.value();
        if (progress == null) {
            progress = new ModelProgress();
        }
        long now = ctx.timerService().currentProcessingTime();

        io.protoflow.core.learn.Prediction prediction = learner.predict(x);
        Prediction record =
                PredictionMapper.toAvro(example, prediction, config.topK(), progress.version, now);
        out.collect(record);
        predictions.inc();
        if (example.getLabel() != null) {
            labelled.inc();
            if (example.getLabel().equals(record.getPredictedLabel())) {
                correct.inc();
            }
            try {
                learner.learn(x, example.getLabel());
            } catch (IllegalArgumentException e) {
                reject(in, DeadLetters.INTERNAL, e.getMessage(), ctx);
                return;
            }
            learned.inc();
            progress.examplesLearned++;
            progress.sincePublish++;
        }
        learnerState.update(learner);

        if (progress.sincePublish >= config.snapshotEveryRecords()) {
            publish(learner, progress, ctx);
        } else if (progress.sincePublish > 0 && progress.pendingTimer == 0) {
            progress.pendingTimer = now + config.snapshotInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(progress.pendingTimer);
        }
        if (!progress.finalTimerRegistered) {
            // Fires on the final watermark: end of a bounded input, or stop-with-drain.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            progress.finalTimerRegistered = true;
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
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (timestamp != progress.pendingTimer) {
                return; // superseded by a count-triggered publish
            }
            progress.pendingTimer = 0;
        }
        if (progress.sincePublish > 0) {
            publish(learner, progress, ctx);
        }
        progressState.update(progress);
    }

    private void publish(Learner learner, ModelProgress progress, Context ctx) throws Exception {
        if (progress.pendingTimer != 0) {
            ctx.timerService().deleteProcessingTimeTimer(progress.pendingTimer);
            progress.pendingTimer = 0;
        }
        long version = progress.version + 1;
        ModelSnapshot snapshot =
                new ModelSnapshot(
                        ctx.getCurrentKey(),
                        version,
                        progress.version,
                        ctx.timerService().currentProcessingTime(),
                        new Provenance(config.jobName(), progress.examplesLearned, configDigest),
                        learner.snapshot());
        ctx.output(OutputTags.SNAPSHOTS, SnapshotMapper.toAvro(snapshot, jobId));
        progress.version = version;
        progress.sincePublish = 0;
        lastVersion = Math.max(lastVersion, version);
    }

    private void reject(SourcedExample in, String errorClass, String reason, Context ctx) {
        deadLetters.inc();
        ctx.output(
                OutputTags.DEAD_LETTERS,
                DeadLetters.of(
                        in.topic,
                        in.partition,
                        in.offset,
                        in.timestamp,
                        in.example.getId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        exampleCodec.encode(in.example),
                        errorClass,
                        reason,
                        STAGE,
                        config.jobName(),
                        in.example.getModelId(),
                        ctx.timerService().currentProcessingTime()));
    }
}
