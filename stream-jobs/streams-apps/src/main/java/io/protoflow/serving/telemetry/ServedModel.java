package io.protoflow.serving.telemetry;

import io.protoflow.core.snapshot.ModelSnapshot;
import java.util.Objects;

/**
 * A model version a stream thread serves, and why.
 *
 * @param modelId the model
 * @param version the version served
 * @param pinned whether a PIN or ROLLBACK command holds the model at it
 * @param requestedVersion the version the standing command asked for, or null
 * @param snapshot the core snapshot served (its prototypes feed the dashboard's map)
 */
public record ServedModel(
        String modelId,
        long version,
        boolean pinned,
        Long requestedVersion,
        ModelSnapshot snapshot) {

    /** Validates the fields. */
    public ServedModel {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(snapshot, "snapshot");
        if (version != snapshot.version()) {
            throw new IllegalArgumentException(
                    "version " + version + " differs from the snapshot's " + snapshot.version());
        }
    }
}
