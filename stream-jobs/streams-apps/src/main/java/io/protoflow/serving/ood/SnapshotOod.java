package io.protoflow.serving.ood;

import io.protoflow.core.learn.Prediction;

/**
 * OOD scoring bound to one served snapshot (see {@link OodScoring#bind}). Used by one stream thread
 * only.
 */
@FunctionalInterface
public interface SnapshotOod {

    /**
     * The verdict for one request.
     *
     * @param features the request's features, already checked against the learner's dimension
     * @param prediction the learner's full ranking of the known classes (empty when none is known)
     */
    OodVerdict score(float[] features, Prediction prediction);
}
