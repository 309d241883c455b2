package io.protoflow.core.learn;

import io.protoflow.core.linalg.Kernels;

/**
 * Validation and arithmetic on dense feature vectors, accumulated in double precision so that sums
 * over hundreds of float features do not lose accuracy. The arithmetic runs on {@link
 * Kernels#get()}: the Java Vector API when available, else scalar loops (the two differ only by
 * summation-order rounding).
 */
public final class Vectors {

    private static final Kernels K = Kernels.get();

    private Vectors() {}

    /**
     * Checks that {@code x} is a usable feature vector for a model of the given dimension.
     *
     * @throws IllegalArgumentException naming the problem, e.g. {@code "features has dimension 63,
     *     model expects 64"}, {@code "features[12] is NaN"} or {@code "features[3] is Infinity"}
     */
    public static void requireValid(float[] x, int dimension) {
        if (x == null) {
            throw new IllegalArgumentException("features is null");
        }
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "features has dimension " + x.length + ", model expects " + dimension);
        }
        if (K.allFinite(x)) {
            return;
        }
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("features[" + i + "] is " + v);
            }
        }
    }

    /** The dot product of two vectors of equal length. */
    public static double dot(float[] a, float[] b) {
        return K.dot(a, b);
    }

    /** The dot product of a float vector and a double vector of equal length. */
    public static double dot(float[] a, double[] b) {
        return K.dot(a, b);
    }

    /** The squared Euclidean distance between two vectors of equal length. */
    public static double squaredDistance(float[] a, float[] b) {
        return K.squaredDistance(a, b);
    }

    /** The squared Euclidean distance between a float vector and a double vector. */
    public static double squaredDistance(float[] a, double[] b) {
        return K.squaredDistance(a, b);
    }

    /** The Euclidean (L2) norm. */
    public static double norm(float[] a) {
        return Math.sqrt(K.dot(a, a));
    }

    /** The Euclidean (L2) norm. */
    public static double norm(double[] a) {
        return Math.sqrt(K.dot(a, 0, a, 0, a.length));
    }
}
