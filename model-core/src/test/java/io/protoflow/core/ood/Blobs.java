package io.protoflow.core.ood;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded in-distribution data for scorer tests: three Gaussian classes around {@code (8, ..., 8)}
 * with a shared, strongly anisotropic spread (standard deviations from 3 down to 0.1), so that
 * Euclidean and Mahalanobis geometry differ.
 */
final class Blobs {

    record Example(float[] features, String label) {}

    static final int DIMENSION = 6;
    static final double[] SPREAD = {3.0, 1.5, 1.0, 0.5, 0.2, 0.1};

    private final Random random;
    private final double[][] centres;

    Blobs(long seed) {
        random = new Random(seed);
        centres = new double[3][DIMENSION];
        for (double[] c : centres) {
            for (int i = 0; i < DIMENSION; i++) {
                c[i] = 8.0 + 2.0 * random.nextGaussian();
            }
        }
    }

    List<Example> next(int n) {
        List<Example> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int k = random.nextInt(centres.length);
            float[] x = new float[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                x[i] = (float) (centres[k][i] + SPREAD[i] * random.nextGaussian());
            }
            out.add(new Example(x, "c" + k));
        }
        return out;
    }

    /** Far from every class and pointing the opposite way. */
    static float[] clearlyOutOfDistribution() {
        float[] x = new float[DIMENSION];
        java.util.Arrays.fill(x, -8f);
        return x;
    }
}
