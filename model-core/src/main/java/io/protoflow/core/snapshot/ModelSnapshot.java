package io.protoflow.core.snapshot;

/**
 * A published, versioned model: the learner state plus identity and lineage. Versions of one model
 * increase; each names the version it was derived from, so a registry can show the history and roll
 * back.
 *
 * @param modelId the model's stable identifier, not blank
 * @param version this snapshot's version, >= 1
 * @param parentVersion the version this one was derived from, 0 when none, else in {@code [1,
 *     version)}
 * @param createdAtMillis creation time, epoch milliseconds, >= 0
 * @param provenance where the snapshot came from
 * @param learner the learner state
 */
public record ModelSnapshot(
        String modelId,
        long version,
        long parentVersion,
        long createdAtMillis,
        Provenance provenance,
        LearnerState learner) {

    public ModelSnapshot {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId is blank: '" + modelId + "'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (parentVersion < 0 || parentVersion >= version) {
            throw new IllegalArgumentException(
                    "parentVersion must be 0 (none) or in [1, version "
                            + version
                            + "), got "
                            + parentVersion);
        }
        if (createdAtMillis < 0) {
            throw new IllegalArgumentException(
                    "createdAtMillis must be >= 0, got " + createdAtMillis);
        }
        if (provenance == null) {
            throw new IllegalArgumentException("provenance is null");
        }
        if (learner == null) {
            throw new IllegalArgumentException("learner is null");
        }
    }

    /** Whether this snapshot has a parent version. */
    public boolean hasParent() {
        return parentVersion != 0;
    }
}
