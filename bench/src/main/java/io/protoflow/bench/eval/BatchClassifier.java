package io.protoflow.bench.eval;

/**
 * A reference model fit on all training data at once (the offline upper bound), evaluated once
 * after fitting.
 */
public interface BatchClassifier {

    /** A short name for reports, e.g. {@code offline-lda}. */
    String name();

    /** Fits the model on all examples. */
    void fit(float[][] x, String[] y);

    /** The best class for the features. */
    String predict(float[] features);
}
