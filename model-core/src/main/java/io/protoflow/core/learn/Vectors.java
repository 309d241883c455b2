package io.protoflow.core.learn;

/**
 * Validation and arithmetic on dense feature vectors, accumulated in double precision so that sums
 * over hundreds of float features do not lose accuracy. Scalar loops for now; a Vector API
 * implementation can replace the bodies without changing the signatures.
 */
public final class Vectors {

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
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("features[" + i + "] is " + v);
            }
        }
    }

    /** The dot product of two vectors of equal length. */
    public static double dot(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The dot product of a float vector and a double vector of equal length. */
    public static double dot(float[] a, double[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The squared Euclidean distance between two vectors of equal length. */
    public static double squaredDistance(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** The squared Euclidean distance between a float vector and a double vector. */
    public static double squaredDistance(float[] a, double[] b) {
        requireSameLength(a.length, b.length);
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** The Euclidean (L2) norm. */
    public static double norm(float[] a) {
        double sum = 0.0;
        for (float v : a) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** The Euclidean (L2) norm. */
    public static double norm(double[] a) {
        double sum = 0.0;
        for (double v : a) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vector lengths differ: " + a + " and " + b);
        }
    }
}
