package io.protoflow.core.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded Gaussian blobs, one per class, for learner tests. */
final class SyntheticStream {

    record Example(float[] features, String label) {}

    private SyntheticStream() {}

    /** {@code n} examples of {@code classes} classes ("c0".."c{k-1}") in {@code dim} dimensions. */
    static List<Example> blobs(long seed, int n, int classes, int dim) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = random.nextGaussian() * 5.0;
            }
        }
        List<Example> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int k = random.nextInt(classes);
            float[] x = new float[dim];
            for (int i = 0; i < dim; i++) {
                x[i] = (float) (centres[k][i] + random.nextGaussian());
            }
            out.add(new Example(x, "c" + k));
        }
        return out;
    }
}
