package io.protoflow.core.snapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A published, versioned model: the learner state plus identity and lineage. Versions of one model
 * increase; each names the version it was derived from, so a registry can show the history and roll
 * back. Since format version 3 it also carries the calibrated out-of-distribution thresholds, one
 * per scorer, so that whoever serves the model flags the same examples as the job that trained it.
 *
 * @param modelId the model's stable identifier, not blank
 * @param version this snapshot's version, >= 1
 * @param parentVersion the version this one was derived from, 0 when none, else in {@code [1,
 *     version)}
 * @param createdAtMillis creation time, epoch milliseconds, >= 0
 * @param provenance where the snapshot came from
 * @param learner the learner state
 * @param oodThresholds calibrated OOD thresholds (copied, order kept), at most one per scorer;
 *     empty when none is calibrated
 */
public record ModelSnapshot(
        String modelId,
        long version,
        long parentVersion,
        long createdAtMillis,
        Provenance provenance,
        LearnerState learner,
        List<OodThresholdState> oodThresholds) {

    /** A snapshot without OOD thresholds (everything format versions 1 and 2 can hold). */
    public ModelSnapshot(
            String modelId,
            long version,
            long parentVersion,
            long createdAtMillis,
            Provenance provenance,
            LearnerState learner) {
        this(modelId, version, parentVersion, createdAtMillis, provenance, learner, List.of());
    }

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
        if (oodThresholds == null) {
            throw new IllegalArgumentException("oodThresholds is null (use an empty list)");
        }
        Set<String> scorers = new HashSet<>();
        for (int i = 0; i < oodThresholds.size(); i++) {
            OodThresholdState t = oodThresholds.get(i);
            if (t == null) {
                throw new IllegalArgumentException("oodThresholds[" + i + "] is null");
            }
            if (!scorers.add(t.scorer())) {
                throw new IllegalArgumentException(
                        "oodThresholds has two thresholds for scorer '" + t.scorer() + "'");
            }
        }
        oodThresholds = List.copyOf(oodThresholds);
    }

    /** This snapshot with the given OOD thresholds instead of its own. */
    public ModelSnapshot withOodThresholds(List<OodThresholdState> thresholds) {
        return new ModelSnapshot(
                modelId, version, parentVersion, createdAtMillis, provenance, learner, thresholds);
    }

    /** Whether this snapshot has a parent version. */
    public boolean hasParent() {
        return parentVersion != 0;
    }
}
