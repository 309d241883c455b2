package io.protoflow.serving.ood;

import java.util.Objects;

/**
 * The OOD verdict for one request: a score (higher is more unusual) and whether it crossed the
 * snapshot's calibrated threshold.
 *
 * @param scorer the scorer's name, e.g. {@code min-distance}
 * @param score the score, or null when the scorer cannot score yet (no known class)
 * @param flagged whether the request is flagged out of distribution; false without a score
 */
public record OodVerdict(String scorer, Double score, boolean flagged) {

    /** Validates the fields. */
    public OodVerdict {
        Objects.requireNonNull(scorer, "scorer");
        if (score != null && Double.isNaN(score)) {
            throw new IllegalArgumentException("score must not be NaN (scorer " + scorer + ")");
        }
        if (score == null && flagged) {
            throw new IllegalArgumentException(
                    "a verdict without a score cannot be flagged (scorer " + scorer + ")");
        }
    }

    /** No score and no flag. */
    public static OodVerdict none(String scorer) {
        return new OodVerdict(scorer, null, false);
    }
}
