package io.protoflow.serving.ood;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.ood.OodScorer;
import io.protoflow.core.ood.OodScorers;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.OodThreshold;
import java.util.Map;
import java.util.Set;

/**
 * Scores requests with the model-core OOD scorer whose threshold the learner job calibrated and
 * published in the snapshot (its first threshold naming a scorer that reads only the learner's
 * state: {@code energy}, {@code max-cosine}, {@code mahalanobis}), so the serving app flags exactly
 * as the job would for the same version. The scorer is built with its default parameters and
 * updated with the snapshot's learner state once per served version. A snapshot without such a
 * threshold falls back to {@link OodScoring#minDistance()}; {@code knn} needs the job's reservoir,
 * which snapshots do not carry, so it falls back too.
 */
final class CalibratedOodScoring implements OodScoring {

    static final CalibratedOodScoring INSTANCE = new CalibratedOodScoring();

    /** Scorers that need nothing beyond the learner's snapshot. */
    static final Set<String> FROM_SNAPSHOT = Set.of("energy", "max-cosine", "mahalanobis");

    private CalibratedOodScoring() {}

    @Override
    public String toString() {
        return "calibrated";
    }

    @Override
    public SnapshotOod bind(ModelSnapshot snapshot, Learner learner) {
        for (OodThreshold t : snapshot.getThresholds()) {
            if (!FROM_SNAPSHOT.contains(t.getScorer())) {
                continue;
            }
            OodScorer scorer;
            try {
                scorer = OodScorers.create(t.getScorer(), learner.dimension(), Map.of());
                scorer.update(learner.snapshot());
            } catch (IllegalArgumentException e) {
                // e.g. mahalanobis behind a learner without a shared covariance
                continue;
            }
            String name = t.getScorer();
            double threshold = t.getValue();
            return (features, prediction) -> {
                if (prediction.isEmpty() || !scorer.ready()) {
                    return OodVerdict.none(name);
                }
                double score = scorer.score(features);
                return new OodVerdict(name, score, score > threshold);
            };
        }
        return OodScoring.minDistance().bind(snapshot, learner);
    }
}
