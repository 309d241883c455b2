package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.monitor.ModelMonitor;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.AlertMapper;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The per-example step shared by the learner operators: admit the example (features present,
 * dimension right, else a dead letter), predict it with the current model, then learn it if it is
 * labelled. Also owns the operator metrics, so every topology reports the same ones.
 */
final class TestThenTrain implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    static final String STAGE = "learn";

    private final LearnerJobConfig config;
    private final AvroCodec<Example> exampleCodec = AvroCodec.of(Example.class);
    private transient Counter predictions;
    private transient Counter learned;
    private transient Counter deadLetters;
    private transient Counter correct;
    private transient Counter labelled;
    private transient Histogram predictLatency;
    private transient Histogram learnLatency;
    private transient Counter oodScored;
    private transient Counter oodFlagged;
    private transient Counter alertsOut;
    private transient Counter lateLabels;
    private transient long lastVersion;

    TestThenTrain(LearnerJobConfig config) {
        this.config = config;
        // Fail when the job is built, not at the first record, on an unknown learner or parameter.
        newLearner(Math.max(1, config.dimension()));
    }

    void open(MetricGroup metrics) {
        predictions = metrics.counter("predictions");
        learned = metrics.counter("examplesLearned");
        deadLetters = metrics.counter("deadLetters");
        labelled = metrics.counter("prequentialLabelled");
        correct = metrics.counter("prequentialCorrect");
        // latencies of the model calls alone (OOD scoring included), microseconds, last 1000
        predictLatency =
                metrics.histogram("predictLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        learnLatency =
                metrics.histogram("learnLatencyMicros", new DescriptiveStatisticsHistogram(1000));
        oodScored = metrics.counter("oodScored");
        oodFlagged = metrics.counter("oodFlagged");
        alertsOut = metrics.counter("alerts");
        lateLabels = metrics.counter("lateLabelsJoined");
        metrics.gauge(
                "oodRate",
                () ->
                        oodScored.getCount() == 0
                                ? 0.0
                                : (double) oodFlagged.getCount() / oodScored.getCount());
        metrics.gauge("snapshotVersion", () -> lastVersion);
        metrics.gauge(
                "prequentialAccuracy",
                () ->
                        labelled.getCount() == 0
                                ? 0.0
                                : (double) correct.getCount() / labelled.getCount());
    }

    /** A fresh learner of the configured type. */
    Learner newLearner(int dimension) {
        return Learners.create(config.learnerType(), dimension, config.learnerParams());
    }

    /** The dimension a new model gets: configured, else that of its first example. */
    int dimensionFor(float[] x) {
        return config.dimension() > 0 ? config.dimension() : x.length;
    }

    /**
     * The example's features if it can be learned by a model of {@code modelDimension} (0 when the
     * model does not exist yet); otherwise emits a dead letter and returns null.
     */
    float[] admit(SourcedExample in, int modelDimension, long now, Consumer<DeadLetter> reject) {
        Example example = in.example;
        float[] x = ExampleMapper.features(example);
        if (x == null) {
            reject.accept(
                    deadLetter(
                            in,
                            ExampleMapper.MISSING_FEATURES,
                            "example '"
                                    + example.getId()
                                    + "' has text but no feature vector, and no text encoder is"
                                    + " configured for model '"
                                    + example.getModelId()
                                    + "'",
                            now));
            return null;
        }
        int expected = modelDimension > 0 ? modelDimension : dimensionFor(x);
        if (x.length != expected) {
            reject.accept(
                    deadLetter(
                            in,
                            ExampleMapper.DIMENSION_MISMATCH,
                            "example '"
                                    + example.getId()
                                    + "': features has dimension "
                                    + x.length
                                    + ", model '"
                                    + example.getModelId()
                                    + "' expects "
                                    + expected,
                            now));
            return null;
        }
        return x;
    }

    /**
     * Predicts with {@code model}, then, for a labelled example, learns it into every learner of
     * {@code learnInto}. With a {@code monitor}, the prediction carries its calibrated OOD score
     * and flag, and the monitor sees the prediction, its outcome and the learning; its alerts go to
     * {@code alerts}. Returns the prediction record; {@code learnedOut[0]} tells whether the
     * example was learned.
     */
    Prediction step(
            SourcedExample in,
            float[] x,
            Learner model,
            ModelMonitor monitor,
            Consumer<Alert> alerts,
            long modelVersion,
            long now,
            boolean[] learnedOut,
            Learner... learnInto) {
        Example example = in.example;
        long t0 = System.nanoTime();
        ModelMonitor.Verdict verdict = monitor == null ? null : monitor.score(model, x);
        io.protoflow.core.learn.Prediction ranked = model.predict(x, config.topK());
        predictLatency.update((System.nanoTime() - t0) / 1_000);
        Prediction record =
                io.protoflow.stream.mapping.PredictionMapper.toAvro(
                        example, ranked, config.topK(), modelVersion, now);
        predictions.inc();
        long eventTime = example.getEventTime().toEpochMilli();
        if (verdict != null && verdict.scored()) {
            record.setOodScore(verdict.score());
            record.setOodFlag(verdict.flagged());
            oodScored.inc();
            if (verdict.flagged()) {
                oodFlagged.inc();
            }
        }
        if (monitor != null) {
            emit(
                    monitor.afterPrediction(
                            example.getId(), x, verdict, eventTime, now, modelVersion),
                    alerts);
        }
        learnedOut[0] = false;
        if (example.getLabel() != null) {
            labelled.inc();
            boolean right = example.getLabel().equals(record.getPredictedLabel());
            if (right) {
                correct.inc();
            }
            long countBefore = model.count(example.getLabel());
            if (monitor != null) {
                monitor.outcome(!right, eventTime, now, modelVersion)
                        .ifPresent(a -> emit(List.of(a), alerts));
            }
            long t1 = System.nanoTime();
            for (Learner learner : learnInto) {
                learner.learn(x, example.getLabel());
            }
            if (monitor != null) {
                monitor.learned(model, x, example.getLabel(), verdict, countBefore);
            }
            learnLatency.update((System.nanoTime() - t1) / 1_000);
            learned.inc();
            learnedOut[0] = true;
        }
        return record;
    }

    /** Maps core alerts to Avro, counts and emits them. */
    void emit(List<io.protoflow.core.alert.Alert> coreAlerts, Consumer<Alert> alerts) {
        for (io.protoflow.core.alert.Alert a : coreAlerts) {
            alertsOut.inc();
            alerts.accept(AlertMapper.toAvro(a));
        }
    }

    /** Counts a late label that was joined to its prediction. */
    void lateLabelJoined() {
        lateLabels.inc();
    }

    /** A dead letter for an example that reached the learner stage. */
    DeadLetter deadLetter(SourcedExample in, String errorClass, String reason, long now) {
        deadLetters.inc();
        return DeadLetters.of(
                in.topic,
                in.partition,
                in.offset,
                in.timestamp,
                in.example.getId().getBytes(StandardCharsets.UTF_8),
                exampleCodec.encode(in.example),
                errorClass,
                reason,
                STAGE,
                config.jobName(),
                in.example.getModelId(),
                now);
    }

    void published(long version) {
        lastVersion = Math.max(lastVersion, version);
    }
}
