package io.protoflow.core.learn;

import java.util.List;
import java.util.Optional;

/**
 * The classes a learner knows, ranked best first. Immutable; empty when the learner has not yet
 * seen any class.
 *
 * @param ranked scored labels ordered by non-increasing score (copied)
 */
public record Prediction(List<ScoredLabel> ranked) {

    private static final Prediction EMPTY = new Prediction(List.of());

    public Prediction {
        if (ranked == null) {
            throw new IllegalArgumentException("ranked is null");
        }
        ranked = List.copyOf(ranked);
        for (int i = 1; i < ranked.size(); i++) {
            if (ranked.get(i).score() > ranked.get(i - 1).score()) {
                throw new IllegalArgumentException(
                        "ranked must be best first, but ranked["
                                + i
                                + "] scores "
                                + ranked.get(i).score()
                                + " after "
                                + ranked.get(i - 1).score());
            }
        }
    }

    /** The prediction with no candidate classes. */
    public static Prediction empty() {
        return EMPTY;
    }

    /** The best-scoring label, or empty when no class is known. */
    public Optional<ScoredLabel> top() {
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
    }

    /** Whether there is no candidate class. */
    public boolean isEmpty() {
        return ranked.isEmpty();
    }

    /** The number of ranked classes. */
    public int size() {
        return ranked.size();
    }

    /** The best {@code k} labels (all of them when fewer than {@code k}). */
    public Prediction topK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        return k >= ranked.size() ? this : new Prediction(ranked.subList(0, k));
    }
}
