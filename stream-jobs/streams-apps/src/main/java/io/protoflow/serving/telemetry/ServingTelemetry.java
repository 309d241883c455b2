package io.protoflow.serving.telemetry;

import io.protoflow.schemas.Alert;
import io.protoflow.schemas.ModelControl;
import java.util.List;

/**
 * What the serving topology reports as it works: snapshots and commands arriving, models swapped,
 * predictions served, records dead-lettered, alerts seen. The Prometheus metrics ({@link
 * ServingMetrics}) and the dashboard ({@code DashboardState}) are both listeners.
 *
 * <p>Calls come from the global thread (snapshots, commands, alerts, also while stores are restored
 * at start) and from every stream thread (swaps, predictions, dead letters) at once, so
 * implementations must be thread-safe and quick. Every method does nothing by default.
 */
public interface ServingTelemetry {

    /** A snapshot was stored and can be served. */
    default void snapshotStored(SnapshotSummary snapshot) {}

    /** A snapshot record was dropped (undecodable, or inconsistent with its key). */
    default void snapshotRejected(String modelId, String reason) {}

    /** Older versions of a model were dropped to keep the configured number. */
    default void versionsEvicted(String modelId, List<Long> versions) {}

    /** A model control command became the standing one for its model. */
    default void controlApplied(ModelControl control) {}

    /** A model control record was ignored (undecodable, unknown action, missing version). */
    default void controlRejected(String modelId, String reason) {}

    /** An alert event arrived on the alerts topic. */
    default void alert(Alert alert) {}

    /** A stream thread started serving another version of a model. */
    default void modelSwapped(ServedModel previous, ServedModel current) {}

    /** A prediction was served. */
    default void served(ServedPrediction prediction) {}

    /**
     * A request went to the dead-letter topic.
     *
     * @param modelId the request's model, or null when it could not be read
     */
    default void deadLetter(String errorClass, String modelId) {}

    /** A listener that ignores everything. */
    static ServingTelemetry none() {
        return new ServingTelemetry() {};
    }

    /** A listener that passes every call to each of {@code listeners}, in order. */
    static ServingTelemetry of(ServingTelemetry... listeners) {
        return new FanOutTelemetry(List.of(listeners));
    }
}
