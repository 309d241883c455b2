package io.protoflow.core.linalg;

import java.util.Optional;

/**
 * Numeric kernels over dense arrays, in a Vector API and a scalar implementation (see the package
 * documentation for how one is chosen). Hot loops of the learners call these instead of writing
 * their own, so one switch moves every learner between the two implementations.
 *
 * <p>All sums are accumulated in double precision except {@link #dotFloat} and {@link
 * #squaredDistanceFloat}, which accumulate in float for speed. The implementations agree within a
 * relative error of about {@code n * 2^-52} (double accumulation) or {@code n * 2^-23} ({@link
 * #dotFloat}) of the sum of absolute products, where {@code n} is the length. Offsets and lengths
 * are not range-checked beyond what the JVM does; callers pass valid ranges.
 */
public interface Kernels {

    /**
     * The system property that overrides the implementation choice: {@code scalar} or {@code
     * vector}.
     */
    String PROPERTY = "protoflow.kernels";

    /**
     * The implementation chosen for this JVM: the Vector API one when {@code jdk.incubator.vector}
     * is in the boot layer, else the scalar one; the property {@value #PROPERTY} overrides it.
     *
     * @throws IllegalStateException (at first use) if the property asks for {@code vector} but the
     *     module is absent, or names an unknown implementation
     */
    static Kernels get() {
        return KernelSelection.SELECTED;
    }

    /** The scalar implementation, always available. */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Vector API implementation, or empty when {@code jdk.incubator.vector} is not present. */
    static Optional<Kernels> vector() {
        return KernelSelection.vector();
    }

    /** The implementation's name: {@code "scalar"} or {@code "vector"} (with the lane count). */
    String name();

    /** Whether no element of {@code x} is NaN or infinite (the validation of every input). */
    boolean allFinite(float[] x);

    /** {@code sum_i a[i] * b[i]}, accumulated in double. Lengths must be equal. */
    double dot(float[] a, float[] b);

    /** {@code sum_i a[i] * b[i]}, accumulated in double. Lengths must be equal. */
    double dot(float[] a, double[] b);

    /** {@code sum_{i<len} a[aOff+i] * b[bOff+i]}. */
    double dot(double[] a, int aOff, double[] b, int bOff, int len);

    /** {@code sum_{i<len} a[aOff+i] * b[bOff+i]}, accumulated in float. */
    float dotFloat(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code sum_i (a[i] - b[i])^2}, accumulated in double. Lengths must be equal. */
    double squaredDistance(float[] a, float[] b);

    /**
     * {@code sum_{i<len} (a[aOff+i] - b[bOff+i])^2}, accumulated in float: the fast path of
     * nearest-prototype scoring. Differences are taken before squaring, so there is no
     * cancellation; the result is within a relative {@code ~len * 2^-24} of the exact sum.
     */
    float squaredDistanceFloat(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * {@link #squaredDistanceFloat} from {@code x} to rows {@code first .. first+count-1} of a
     * row-major matrix with rows of {@code len}: {@code out[r] = sum_{i<len} (x[i] - rows[r * len +
     * i])^2}. Rows are processed several at a time so each element of {@code x} loaded serves
     * several rows: the nearest-prototype scan of every class in one pass.
     */
    void squaredDistancesFloat(
            float[] x, float[] rows, int first, int count, int len, double[] out);

    /**
     * {@link #dotFloat} of {@code x} with rows {@code first .. first+count-1} of a row-major matrix
     * with rows of {@code len}: {@code out[r] = sum_{i<len} x[i] rows[r * len + i]}.
     */
    void dotsFloat(float[] x, float[] rows, int first, int count, int len, double[] out);

    /** {@code sum_i (a[i] - b[i])^2}, accumulated in double. Lengths must be equal. */
    double squaredDistance(float[] a, double[] b);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < len}. */
    void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len);

    /**
     * Scaled rank-k update of a row segment: {@code y[yOff+j] = beta * y[yOff+j] + sum_{t<k}
     * coeffs[t] * xs[t][xOff+j]} for {@code j < len}. Used for the packed symmetric update {@code S
     * = beta S + sum_t c_t v_t v_t^T}, one row at a time, so every element of {@code S} is read and
     * written once per k vectors.
     */
    void scaleAddRankK(
            double[] y,
            int yOff,
            int len,
            double beta,
            double[][] xs,
            double[] coeffs,
            int k,
            int xOff);

    /**
     * {@link #scaleAddRankK} on two row segments at once that share the same {@code x} columns:
     * {@code y[y0Off+j] = beta y[y0Off+j] + sum_t c0[t] xs[t][xOff+j]} and likewise for {@code
     * y1Off} with {@code c1}. Each {@code x} element loaded serves two rows, which halves the
     * memory traffic of a packed symmetric rank-k update.
     */
    void scaleAddRankK2(
            double[] y,
            int y0Off,
            int y1Off,
            int len,
            double beta,
            double[][] xs,
            double[] c0,
            double[] c1,
            int k,
            int xOff);

    /**
     * Four dot products against one shared vector: {@code out[r] = sum_{i<len} a[aOffs_r + i] *
     * b[bOff + i]} for {@code r = 0..3}, each summed exactly as {@link #dot(double[], int,
     * double[], int, int)} would. Each element of {@code b} is loaded once for four products, which
     * is what makes a row-oriented Cholesky factorisation cache-friendly.
     */
    void dot4(
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            double[] b,
            int bOff,
            int len,
            double[] out);
}
