package io.protoflow.serving.ood;

import io.protoflow.core.learn.Learner;
import io.protoflow.schemas.ModelSnapshot;

/**
 * The seam where out-of-distribution scoring plugs into the serving app: given the snapshot being
 * served (with its calibrated {@code thresholds}) and the learner restored from it, it prepares a
 * {@link SnapshotOod} that scores requests. The app calls {@link #bind} once per model version and
 * stream thread, when it starts serving that version, and uses the result from that thread only, so
 * implementations may hold non-thread-safe scorers (such as model-core's OOD detectors).
 *
 * <p>The default, {@link #minDistance()}, needs nothing beyond the learner's own ranking; a richer
 * implementation builds the scorer the snapshot's thresholds were calibrated for, updates it with
 * the snapshot's learner state and restores those thresholds.
 */
@FunctionalInterface
public interface OodScoring {

    /**
     * Prepares OOD scoring for one served snapshot.
     *
     * @param snapshot the snapshot as published (thresholds included)
     * @param learner the learner restored from it; read it, do not learn into it
     */
    SnapshotOod bind(ModelSnapshot snapshot, Learner learner);

    /**
     * Scores by distance to the nearest known prototype: the negated top score of the learner's
     * ranking, flagged above the snapshot's {@value MinDistanceOodScoring#SCORER} threshold.
     */
    static OodScoring minDistance() {
        return MinDistanceOodScoring.INSTANCE;
    }

    /**
     * Scores with the model-core scorer the learner job calibrated and published in the snapshot's
     * thresholds ({@code energy} by default), as the job flags the same version; falls back to
     * {@link #minDistance()} for snapshots without such a threshold. The app's default.
     */
    static OodScoring calibrated() {
        return CalibratedOodScoring.INSTANCE;
    }
}
