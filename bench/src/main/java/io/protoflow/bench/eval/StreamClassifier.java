package io.protoflow.bench.eval;

/**
 * The one-example-at-a-time view of a classifier that the evaluation protocol drives, so that
 * Protoflow learners and MOA baselines run through exactly the same loop and timers.
 */
public interface StreamClassifier {

    /** A short name for reports, e.g. {@code ncm:metric=cosine} or {@code moa:nb}. */
    String name();

    /** Learns one labelled example. */
    void learn(float[] features, String label);

    /** The best class for the features, or null when the classifier cannot predict yet. */
    String predict(float[] features);
}
