package io.protoflow.core.ood;

import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.Vectors;
import io.protoflow.core.snapshot.LearnerState;

/**
 * Scores how unusual a feature vector is for a learner: higher means more likely out of
 * distribution. A scorer reads the learner through its snapshot ({@link #update}), never through
 * the live object, so it works with every learner type and never races with learning; scorers that
 * need more than the learner keeps (the kNN reservoir, an own covariance estimate) also see the
 * labelled stream through {@link #observe}.
 *
 * <p>Typical use in a test-then-train loop: {@code score} each example before it is learned, then
 * {@code observe} it once it is labelled, and call {@code update(learner.snapshot())} every few
 * thousand learned examples (scores in between use the model of the last update). Scores are
 * comparable only within one scorer; {@link ThresholdCalibrator} turns them into flags. Not
 * thread-safe.
 */
public interface OodScorer {

    /** The scorer's name, as {@link OodScorers#create} accepts it, e.g. {@code "knn"}. */
    String name();

    /** The dimension of the feature vectors scored and observed (the learner's input). */
    int dimension();

    /**
     * Adopts the learner's current state: prototypes, class means, covariance, feature map. A no-op
     * for scorers that keep only their own state.
     *
     * @throws IllegalArgumentException if the state's input dimension differs from {@link
     *     #dimension()} or the state lacks what the scorer needs (e.g. a covariance)
     */
    void update(LearnerState learner);

    /**
     * Shows the scorer one labelled in-distribution example. A no-op for scorers that read only the
     * learner's state.
     *
     * @throws IllegalArgumentException if the features are invalid (wrong dimension, NaN, infinite)
     *     or the label is null or blank
     */
    default void observe(float[] features, String label) {
        Vectors.requireValid(features, dimension());
        Learners.requireValidLabel(label);
    }

    /** Whether {@link #score} can answer: the scorer knows at least one class (or neighbour). */
    boolean ready();

    /**
     * The out-of-distribution score of {@code features}: higher is more unusual.
     *
     * @throws IllegalArgumentException if the features are invalid, naming the dimension or the
     *     offending value, e.g. {@code "features[3] is NaN"}
     * @throws IllegalStateException if the scorer is not {@link #ready()}
     */
    double score(float[] features);
}
