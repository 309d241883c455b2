package io.protoflow.core.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic data for discovery tests: isotropic Gaussian classes and uniform noise. */
final class Blobs {

    static final int DIM = 16;

    record Point(String id, float[] x, String label) {}

    private Blobs() {}

    /** A centre with N(0, scale^2) coordinates. */
    static double[] centre(Random random, double scale) {
        double[] c = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            c[i] = random.nextGaussian() * scale;
        }
        return c;
    }

    /** {@code n} points of N(centre, sigma^2 I), ids {@code <label>-<offset + i>}. */
    static List<Point> sample(
            Random random, double[] centre, double sigma, int n, String label, int offset) {
        List<Point> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            float[] x = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = (float) (centre[i] + random.nextGaussian() * sigma);
            }
            out.add(new Point(label + "-" + (offset + j), x, label));
        }
        return out;
    }

    /** {@code n} points uniform in {@code [-half, half]^DIM}, label {@code "noise"}. */
    static List<Point> noise(Random random, double half, int n) {
        List<Point> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            float[] x = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = (float) ((random.nextDouble() * 2 - 1) * half);
            }
            out.add(new Point("noise-" + j, x, "noise"));
        }
        return out;
    }

    static OodRecord record(Point p, long time) {
        return new OodRecord(p.id(), p.x(), time);
    }
}
