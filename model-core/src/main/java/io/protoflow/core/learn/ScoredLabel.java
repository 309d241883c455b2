package io.protoflow.core.learn;

/**
 * A class label with the score a learner gave it; higher is better. Scores are comparable only
 * within one prediction of one learner (a negative distance, a similarity, a log-probability).
 *
 * @param label the class label, never null
 * @param score the score, never NaN
 */
public record ScoredLabel(String label, double score) {

    public ScoredLabel {
        if (label == null) {
            throw new IllegalArgumentException("label is null");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score for label '" + label + "' is NaN");
        }
    }
}
