package io.protoflow.serving.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.ModelControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of the serving app. In Prometheus form (what {@code /metrics} shows and the
 * Grafana dashboard in {@code ops/grafana} queries) they are:
 *
 * <table>
 *   <caption>Serving metrics</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@code protoflow_serving_predictions_total}</td><td>counter</td><td>model</td><td>predictions served</td></tr>
 *   <tr><td>{@code protoflow_serving_labelled_total}, {@code protoflow_serving_correct_total}</td><td>counter</td><td>model</td><td>served requests that carried a label, and those predicted right</td></tr>
 *   <tr><td>{@code protoflow_serving_ood_flagged_total}</td><td>counter</td><td>model</td><td>predictions flagged out of distribution</td></tr>
 *   <tr><td>{@code protoflow_serving_accuracy}</td><td>gauge</td><td>model</td><td>accuracy over the last {@value #WINDOW} labelled requests</td></tr>
 *   <tr><td>{@code protoflow_serving_ood_rate}</td><td>gauge</td><td>model</td><td>flagged share of the last {@value #WINDOW} predictions</td></tr>
 *   <tr><td>{@code protoflow_serving_latency_seconds}</td><td>histogram</td><td>model</td><td>time to score a request</td></tr>
 *   <tr><td>{@code protoflow_serving_model_version}</td><td>gauge</td><td>model</td><td>version being served</td></tr>
 *   <tr><td>{@code protoflow_serving_model_newest_version}</td><td>gauge</td><td>model</td><td>newest version received</td></tr>
 *   <tr><td>{@code protoflow_serving_model_pinned}</td><td>gauge</td><td>model</td><td>1 while a pin or rollback holds the model</td></tr>
 *   <tr><td>{@code protoflow_serving_model_swaps_total}</td><td>counter</td><td>model</td><td>version changes (per stream thread)</td></tr>
 *   <tr><td>{@code protoflow_serving_snapshots_total}</td><td>counter</td><td>model</td><td>snapshots stored</td></tr>
 *   <tr><td>{@code protoflow_serving_snapshots_rejected_total}</td><td>counter</td><td>—</td><td>snapshot records dropped</td></tr>
 *   <tr><td>{@code protoflow_serving_control_commands_total}</td><td>counter</td><td>model, action</td><td>pin, unpin and rollback commands applied</td></tr>
 *   <tr><td>{@code protoflow_serving_control_rejected_total}</td><td>counter</td><td>—</td><td>control records ignored</td></tr>
 *   <tr><td>{@code protoflow_serving_alerts_total}</td><td>counter</td><td>model, type, status</td><td>alert events seen</td></tr>
 *   <tr><td>{@code protoflow_serving_dead_letters_total}</td><td>counter</td><td>error_class</td><td>requests sent to dead letters</td></tr>
 * </table>
 *
 * Meters with a model tag appear when the model is first seen. The app also binds Micrometer's JVM
 * and Kafka Streams client metrics to the same registry.
 */
public final class ServingMetrics implements ServingTelemetry {

    /** Requests in the sliding windows of the accuracy and OOD-rate gauges. */
    public static final int WINDOW = 500;

    private final MeterRegistry registry;
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final Counter snapshotsRejected;
    private final Counter controlRejected;

    /** Meters of one model. */
    private final class ModelMeters {
        final Counter predictions;
        final Counter labelled;
        final Counter correct;
        final Counter flagged;
        final Counter swaps;
        final Counter snapshots;
        final Timer latency;
        final SlidingRate accuracy = new SlidingRate(WINDOW);
        final SlidingRate oodRate = new SlidingRate(WINDOW);
        volatile double servedVersion = Double.NaN;
        volatile double newestVersion = Double.NaN;
        volatile double pinned = 0;

        ModelMeters(String model) {
            predictions = counter("protoflow.serving.predictions", "predictions served", model);
            labelled =
                    counter(
                            "protoflow.serving.labelled",
                            "served requests that carried a label",
                            model);
            correct =
                    counter(
                            "protoflow.serving.correct",
                            "labelled requests predicted right",
                            model);
            flagged =
                    counter(
                            "protoflow.serving.ood.flagged",
                            "predictions flagged out of distribution",
                            model);
            swaps = counter("protoflow.serving.model.swaps", "served version changes", model);
            snapshots = counter("protoflow.serving.snapshots", "snapshots stored", model);
            latency =
                    Timer.builder("protoflow.serving.latency")
                            .description("time to score one request")
                            .tag("model", model)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofNanos(10_000))
                            .maximumExpectedValue(Duration.ofSeconds(1))
                            .register(registry);
            Gauge.builder("protoflow.serving.accuracy", accuracy, SlidingRate::rate)
                    .description("accuracy over the last " + WINDOW + " labelled requests")
                    .tag("model", model)
                    .register(registry);
            Gauge.builder("protoflow.serving.ood.rate", oodRate, SlidingRate::rate)
                    .description("flagged share of the last " + WINDOW + " predictions")
                    .tag("model", model)
                    .register(registry);
            Gauge.builder("protoflow.serving.model.version", this, m -> m.servedVersion)
                    .description("snapshot version being served")
                    .tag("model", model)
                    .register(registry);
            Gauge.builder("protoflow.serving.model.newest.version", this, m -> m.newestVersion)
                    .description("newest snapshot version received")
                    .tag("model", model)
                    .register(registry);
            Gauge.builder("protoflow.serving.model.pinned", this, m -> m.pinned)
                    .description("1 while a pin or rollback holds the model")
                    .tag("model", model)
                    .register(registry);
        }
    }

    /** Registers the model-independent meters; model meters follow as models appear. */
    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.snapshotsRejected =
                Counter.builder("protoflow.serving.snapshots.rejected")
                        .description("snapshot records dropped")
                        .register(registry);
        this.controlRejected =
                Counter.builder("protoflow.serving.control.rejected")
                        .description("model control records ignored")
                        .register(registry);
    }

    private Counter counter(String name, String description, String model) {
        return Counter.builder(name)
                .description(description)
                .tag("model", model)
                .register(registry);
    }

    private ModelMeters model(String modelId) {
        return models.computeIfAbsent(modelId, ModelMeters::new);
    }

    @Override
    public void snapshotStored(SnapshotSummary snapshot) {
        ModelMeters m = model(snapshot.modelId());
        m.snapshots.increment();
        if (Double.isNaN(m.newestVersion) || snapshot.version() > m.newestVersion) {
            m.newestVersion = snapshot.version();
        }
    }

    @Override
    public void snapshotRejected(String modelId, String reason) {
        snapshotsRejected.increment();
    }

    @Override
    public void controlApplied(ModelControl control) {
        model(control.getModelId());
        Counter.builder("protoflow.serving.control.commands")
                .description("model control commands applied")
                .tag("model", control.getModelId())
                .tag("action", control.getAction().name())
                .register(registry)
                .increment();
    }

    @Override
    public void controlRejected(String modelId, String reason) {
        controlRejected.increment();
    }

    @Override
    public void alert(Alert alert) {
        Counter.builder("protoflow.serving.alerts")
                .description("alert events seen")
                .tag("model", alert.getModelId())
                .tag("type", alert.getType().name())
                .tag("status", alert.getStatus().name())
                .register(registry)
                .increment();
    }

    @Override
    public void modelSwapped(ServedModel previous, ServedModel current) {
        ModelMeters m = model(current.modelId());
        m.swaps.increment();
        m.servedVersion = current.version();
        m.pinned = current.pinned() ? 1 : 0;
    }

    @Override
    public void served(ServedPrediction p) {
        ModelMeters m = model(p.modelId());
        m.predictions.increment();
        m.latency.record(p.latencyNanos(), TimeUnit.NANOSECONDS);
        if (p.labelled()) {
            m.labelled.increment();
            if (p.correct()) {
                m.correct.increment();
            }
            m.accuracy.add(p.correct());
        }
        if (p.oodFlag()) {
            m.flagged.increment();
        }
        m.oodRate.add(p.oodFlag());
    }

    @Override
    public void deadLetter(String errorClass, String modelId) {
        Counter.builder("protoflow.serving.dead.letters")
                .description("requests sent to the dead-letter topic")
                .tag("error_class", errorClass)
                .register(registry)
                .increment();
    }

    @Override
    public void versionsEvicted(String modelId, List<Long> versions) {
        // Visible in the dashboard; no meter.
    }
}
