package io.protoflow.serving.ood;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Prediction;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.OodThreshold;

/**
 * Default OOD scoring: the score is the negated top score of the learner's ranking. For the
 * distance-based learners ({@code ncm} with the Euclidean metric, {@code prototype-mixture}) the
 * top score is minus the squared distance to the nearest prototype, so the OOD score is that
 * distance; for other learners it is still "less confident is higher". A request is flagged when
 * the snapshot carries a threshold for scorer {@value #SCORER} and the score exceeds its value;
 * without one nothing is flagged.
 */
final class MinDistanceOodScoring implements OodScoring {

    /** The scorer name looked up in the snapshot's thresholds. */
    static final String SCORER = "min-distance";

    static final MinDistanceOodScoring INSTANCE = new MinDistanceOodScoring();

    private MinDistanceOodScoring() {}

    @Override
    public String toString() {
        return SCORER;
    }

    @Override
    public SnapshotOod bind(ModelSnapshot snapshot, Learner learner) {
        Double threshold = null;
        for (OodThreshold t : snapshot.getThresholds()) {
            if (SCORER.equals(t.getScorer())) {
                threshold = t.getValue();
            }
        }
        Double bound = threshold;
        return (features, prediction) -> verdict(prediction, bound);
    }

    private static OodVerdict verdict(Prediction prediction, Double threshold) {
        if (prediction.isEmpty()) {
            return OodVerdict.none(SCORER);
        }
        // 0.0 - top: an exact match scores +0.0, not -0.0
        double score = 0.0 - prediction.ranked().get(0).score();
        return new OodVerdict(SCORER, score, threshold != null && score > threshold);
    }
}
