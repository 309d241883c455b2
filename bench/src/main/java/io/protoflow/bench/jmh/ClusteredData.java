package io.protoflow.bench.jmh;

import java.util.Random;

/**
 * Seeded synthetic classification data for throughput benchmarks: {@code classes} Gaussian clusters
 * in {@code dimension} dimensions (centres drawn from N(0, 1), points at centre + N(0, 0.5^2) per
 * coordinate), so that learners see realistic, separable-but-noisy inputs rather than random noise.
 *
 * @param x the points
 * @param y their labels, {@code "c0"}, {@code "c1"}, ...; point {@code i} has class {@code i %
 *     classes} so every class appears among the first {@code classes} points
 */
public record ClusteredData(float[][] x, String[] y) {

    /** Generates {@code n} points. */
    public static ClusteredData generate(int classes, int dimension, int n, long seed) {
        if (classes < 1 || dimension < 1 || n < classes) {
            throw new IllegalArgumentException(
                    "need classes >= 1, dimension >= 1, n >= classes; got "
                            + classes
                            + ", "
                            + dimension
                            + ", "
                            + n);
        }
        Random random = new Random(seed);
        float[][] centres = new float[classes][dimension];
        for (float[] c : centres) {
            for (int j = 0; j < dimension; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = "c" + c;
        }
        float[][] x = new float[n][dimension];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            for (int j = 0; j < dimension; j++) {
                x[i][j] = centres[c][j] + 0.5f * (float) random.nextGaussian();
            }
            y[i] = names[c];
        }
        return new ClusteredData(x, y);
    }
}
