package io.protoflow.core.learn;

import io.protoflow.core.snapshot.LearnerState;
import java.util.List;

/**
 * An online classifier over fixed-dimension float vectors that learns one example at a time and
 * accepts new classes at any moment. It is the contract streaming operators hold in state: they
 * feed it examples, ask it for rankings, merge partial models and persist it through {@link
 * #snapshot()} (restored by {@link Learners#restore}).
 *
 * <p>Implementations are not thread-safe; the streaming layer gives each instance to one thread.
 */
public interface Learner {

    /** The learner's type name, as accepted by {@link Learners#create}, e.g. {@code "ncm"}. */
    String type();

    /** The number of features every input vector must have. */
    int dimension();

    /**
     * Updates the model with one labelled example.
     *
     * @throws IllegalArgumentException if the features are invalid (wrong dimension, NaN, infinite)
     *     or the label is null or blank
     */
    void learn(float[] features, String label);

    /**
     * Ranks every known class for the given features, best first; empty when no class is known.
     *
     * @throws IllegalArgumentException if the features are invalid
     */
    Prediction predict(float[] features);

    /**
     * The best {@code k} classes for the given features, best first: the first {@code k} of {@link
     * #predict(float[])}, with the same scores and tie order. Learners override it to skip ranking
     * classes nobody reads (a job publishes its top-k).
     *
     * @throws IllegalArgumentException if the features are invalid or {@code k < 0}
     */
    default Prediction predict(float[] features, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        return predict(features).topK(k);
    }

    /** The known classes, in order of first appearance. */
    List<String> classes();

    /** The number of examples learned for {@code label}; 0 for an unknown label. */
    long count(String label);

    /** The total number of examples learned (including those merged in). */
    long examplesSeen();

    /**
     * Folds another learner's knowledge into this one, as if this learner had also seen the other's
     * examples. The other learner is not modified.
     *
     * @throws IllegalArgumentException if the other learner's type, dimension or parameters differ
     *     from this one's
     */
    void merge(Learner other);

    /** An immutable copy of the complete state, from which {@link Learners#restore} rebuilds it. */
    LearnerState snapshot();
}
