package io.protoflow.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API with the CPU's preferred double species (4 lanes on AVX2, 8 on
 * AVX-512) and two independent accumulators to hide FMA latency; tails are finished with scalar
 * code. Lanes are summed in a fixed tree order, so results do not depend on JIT compilation state.
 * Float inputs are widened to double lane by lane ({@code F2D}), so sums keep double precision.
 * Loaded only by {@link KernelSelection}, and only when the module is present.
 */
final class PanamaKernels implements Kernels {

    static final PanamaKernels INSTANCE = new PanamaKernels();

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Floats that widen into one preferred double vector: half the preferred bit size. */
    private static final VectorSpecies<Float> F_HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    private static final int DL = D.length();
    private static final int FL = F.length();

    private PanamaKernels() {}

    @Override
    public String name() {
        return "vector(" + DL + "x double)";
    }

    /**
     * Lane rotations by half, a quarter, ... of the vector: adding a vector to its rotation by h
     * leaves in lane 0 the sum of lanes 0 and h, so log2(lanes) rotate-and-add steps sum all lanes.
     */
    private static final VectorShuffle<Double>[] D_FOLDS = folds(D);

    private static final VectorShuffle<Float>[] F_FOLDS = folds(F);

    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] folds(VectorSpecies<E> species) {
        int steps = Integer.numberOfTrailingZeros(species.length());
        VectorShuffle<E>[] folds = new VectorShuffle[steps];
        for (int s = 0, h = species.length() / 2; s < steps; s++, h /= 2) {
            folds[s] = VectorShuffle.iota(species, h, 1, true);
        }
        return folds;
    }

    /**
     * Sums the lanes with a fixed pairwise tree (halves first). {@code reduceLanes(ADD)} leaves the
     * order unspecified, and it does differ between the interpreter and C2-compiled code, which
     * would make results depend on JIT timing; a fixed order keeps every kernel deterministic. The
     * tree costs log2(lanes) shuffles and adds where summing lane by lane costs a lane extraction
     * and a dependent add per lane (a fifth of the random-feature projection's time at 8 lanes).
     */
    private static double sumLanes(DoubleVector v) {
        for (VectorShuffle<Double> fold : D_FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : F_FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    private static DoubleVector widen(float[] a, int i) {
        return (DoubleVector)
                FloatVector.fromArray(F_HALF, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    @Override
    public boolean allFinite(float[] x) {
        // v - v is 0 for a finite v and NaN for NaN or an infinity; NaN survives the sum
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i <= x.length - FL; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            acc = acc.add(v.sub(v));
        }
        float sum = sumLanes(acc);
        for (; i < x.length; i++) {
            sum += x[i] - x[i];
        }
        return sum == 0f;
    }

    @Override
    public double dot(float[] a, float[] b) {
        ScalarKernels.requireSameLength(a.length, b.length);
        int n = a.length;
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            acc0 = widen(a, i).fma(widen(b, i), acc0);
            acc1 = widen(a, i + DL).fma(widen(b, i + DL), acc1);
        }
        for (; i <= n - DL; i += DL) {
            acc0 = widen(a, i).fma(widen(b, i), acc0);
        }
        double sum = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @Override
    public double dot(float[] a, double[] b) {
        ScalarKernels.requireSameLength(a.length, b.length);
        int n = a.length;
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            acc0 = widen(a, i).fma(DoubleVector.fromArray(D, b, i), acc0);
            acc1 = widen(a, i + DL).fma(DoubleVector.fromArray(D, b, i + DL), acc1);
        }
        for (; i <= n - DL; i += DL) {
            acc0 = widen(a, i).fma(DoubleVector.fromArray(D, b, i), acc0);
        }
        double sum = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= len - 2 * DL; i += 2 * DL) {
            acc0 =
                    DoubleVector.fromArray(D, a, aOff + i)
                            .fma(DoubleVector.fromArray(D, b, bOff + i), acc0);
            acc1 =
                    DoubleVector.fromArray(D, a, aOff + i + DL)
                            .fma(DoubleVector.fromArray(D, b, bOff + i + DL), acc1);
        }
        for (; i <= len - DL; i += DL) {
            acc0 =
                    DoubleVector.fromArray(D, a, aOff + i)
                            .fma(DoubleVector.fromArray(D, b, bOff + i), acc0);
        }
        double sum = sumLanes(acc0.add(acc1));
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public float dotFloat(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i <= len - 2 * FL; i += 2 * FL) {
            acc0 =
                    FloatVector.fromArray(F, a, aOff + i)
                            .fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 =
                    FloatVector.fromArray(F, a, aOff + i + FL)
                            .fma(FloatVector.fromArray(F, b, bOff + i + FL), acc1);
        }
        for (; i <= len - FL; i += FL) {
            acc0 =
                    FloatVector.fromArray(F, a, aOff + i)
                            .fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float sum = sumLanes(acc0.add(acc1));
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public float squaredDistanceFloat(float[] a, int aOff, float[] b, int bOff, int len) {
        // summed exactly like one row of squaredDistancesFloat, so a class scores the same
        // whether it is scanned alone or in a group of four
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i <= len - 2 * FL; i += 2 * FL) {
            FloatVector d0 =
                    FloatVector.fromArray(F, a, aOff + i)
                            .sub(FloatVector.fromArray(F, b, bOff + i));
            FloatVector d1 =
                    FloatVector.fromArray(F, a, aOff + i + FL)
                            .sub(FloatVector.fromArray(F, b, bOff + i + FL));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i <= len - FL; i += FL) {
            FloatVector d0 =
                    FloatVector.fromArray(F, a, aOff + i)
                            .sub(FloatVector.fromArray(F, b, bOff + i));
            acc0 = d0.fma(d0, acc0);
        }
        float sum = sumLanes(acc0.add(acc1));
        for (; i < len; i++) {
            float d = a[aOff + i] - b[bOff + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void squaredDistancesFloat(
            float[] x, float[] rows, int first, int count, int len, double[] out) {
        int r = first;
        int end = first + count;
        // four rows per pass: one load of x feeds four rows, so the scan is bound by the rows'
        // loads rather than by twice as many loads
        for (; r + 4 <= end; r += 4) {
            int o0 = r * len;
            int o1 = o0 + len;
            int o2 = o1 + len;
            int o3 = o2 + len;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            FloatVector b0 = FloatVector.zero(F);
            FloatVector b1 = FloatVector.zero(F);
            FloatVector b2 = FloatVector.zero(F);
            FloatVector b3 = FloatVector.zero(F);
            int i = 0;
            for (; i <= len - 2 * FL; i += 2 * FL) {
                FloatVector x0 = FloatVector.fromArray(F, x, i);
                FloatVector x1 = FloatVector.fromArray(F, x, i + FL);
                FloatVector d = FloatVector.fromArray(F, rows, o0 + i).sub(x0);
                a0 = d.fma(d, a0);
                d = FloatVector.fromArray(F, rows, o1 + i).sub(x0);
                a1 = d.fma(d, a1);
                d = FloatVector.fromArray(F, rows, o2 + i).sub(x0);
                a2 = d.fma(d, a2);
                d = FloatVector.fromArray(F, rows, o3 + i).sub(x0);
                a3 = d.fma(d, a3);
                d = FloatVector.fromArray(F, rows, o0 + i + FL).sub(x1);
                b0 = d.fma(d, b0);
                d = FloatVector.fromArray(F, rows, o1 + i + FL).sub(x1);
                b1 = d.fma(d, b1);
                d = FloatVector.fromArray(F, rows, o2 + i + FL).sub(x1);
                b2 = d.fma(d, b2);
                d = FloatVector.fromArray(F, rows, o3 + i + FL).sub(x1);
                b3 = d.fma(d, b3);
            }
            for (; i <= len - FL; i += FL) {
                FloatVector x0 = FloatVector.fromArray(F, x, i);
                FloatVector d = FloatVector.fromArray(F, rows, o0 + i).sub(x0);
                a0 = d.fma(d, a0);
                d = FloatVector.fromArray(F, rows, o1 + i).sub(x0);
                a1 = d.fma(d, a1);
                d = FloatVector.fromArray(F, rows, o2 + i).sub(x0);
                a2 = d.fma(d, a2);
                d = FloatVector.fromArray(F, rows, o3 + i).sub(x0);
                a3 = d.fma(d, a3);
            }
            float s0 = sumLanes(a0.add(b0));
            float s1 = sumLanes(a1.add(b1));
            float s2 = sumLanes(a2.add(b2));
            float s3 = sumLanes(a3.add(b3));
            for (; i < len; i++) {
                float xi = x[i];
                float d0 = rows[o0 + i] - xi;
                float d1 = rows[o1 + i] - xi;
                float d2 = rows[o2 + i] - xi;
                float d3 = rows[o3 + i] - xi;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < end; r++) {
            out[r] = squaredDistanceFloat(x, 0, rows, r * len, len);
        }
    }

    @Override
    public void dotsFloat(float[] x, float[] rows, int first, int count, int len, double[] out) {
        int r = first;
        int end = first + count;
        for (; r + 4 <= end; r += 4) {
            int o0 = r * len;
            int o1 = o0 + len;
            int o2 = o1 + len;
            int o3 = o2 + len;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            FloatVector b0 = FloatVector.zero(F);
            FloatVector b1 = FloatVector.zero(F);
            FloatVector b2 = FloatVector.zero(F);
            FloatVector b3 = FloatVector.zero(F);
            int i = 0;
            for (; i <= len - 2 * FL; i += 2 * FL) {
                FloatVector x0 = FloatVector.fromArray(F, x, i);
                FloatVector x1 = FloatVector.fromArray(F, x, i + FL);
                a0 = FloatVector.fromArray(F, rows, o0 + i).fma(x0, a0);
                a1 = FloatVector.fromArray(F, rows, o1 + i).fma(x0, a1);
                a2 = FloatVector.fromArray(F, rows, o2 + i).fma(x0, a2);
                a3 = FloatVector.fromArray(F, rows, o3 + i).fma(x0, a3);
                b0 = FloatVector.fromArray(F, rows, o0 + i + FL).fma(x1, b0);
                b1 = FloatVector.fromArray(F, rows, o1 + i + FL).fma(x1, b1);
                b2 = FloatVector.fromArray(F, rows, o2 + i + FL).fma(x1, b2);
                b3 = FloatVector.fromArray(F, rows, o3 + i + FL).fma(x1, b3);
            }
            for (; i <= len - FL; i += FL) {
                FloatVector x0 = FloatVector.fromArray(F, x, i);
                a0 = FloatVector.fromArray(F, rows, o0 + i).fma(x0, a0);
                a1 = FloatVector.fromArray(F, rows, o1 + i).fma(x0, a1);
                a2 = FloatVector.fromArray(F, rows, o2 + i).fma(x0, a2);
                a3 = FloatVector.fromArray(F, rows, o3 + i).fma(x0, a3);
            }
            float s0 = sumLanes(a0.add(b0));
            float s1 = sumLanes(a1.add(b1));
            float s2 = sumLanes(a2.add(b2));
            float s3 = sumLanes(a3.add(b3));
            for (; i < len; i++) {
                float xi = x[i];
                s0 += rows[o0 + i] * xi;
                s1 += rows[o1 + i] * xi;
                s2 += rows[o2 + i] * xi;
                s3 += rows[o3 + i] * xi;
            }
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < end; r++) {
            out[r] = dotFloat(rows, r * len, x, 0, len);
        }
    }

    @Override
    public double squaredDistance(float[] a, float[] b) {
        ScalarKernels.requireSameLength(a.length, b.length);
        int n = a.length;
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            DoubleVector d0 = widen(a, i).sub(widen(b, i));
            DoubleVector d1 = widen(a, i + DL).sub(widen(b, i + DL));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i <= n - DL; i += DL) {
            DoubleVector d0 = widen(a, i).sub(widen(b, i));
            acc0 = d0.fma(d0, acc0);
        }
        double sum = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public double squaredDistance(float[] a, double[] b) {
        ScalarKernels.requireSameLength(a.length, b.length);
        int n = a.length;
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - 2 * DL; i += 2 * DL) {
            DoubleVector d0 = widen(a, i).sub(DoubleVector.fromArray(D, b, i));
            DoubleVector d1 = widen(a, i + DL).sub(DoubleVector.fromArray(D, b, i + DL));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        for (; i <= n - DL; i += DL) {
            DoubleVector d0 = widen(a, i).sub(DoubleVector.fromArray(D, b, i));
            acc0 = d0.fma(d0, acc0);
        }
        double sum = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int len) {
        DoubleVector va = DoubleVector.broadcast(D, alpha);
        int i = 0;
        for (; i <= len - DL; i += DL) {
            DoubleVector.fromArray(D, x, xOff + i)
                    .fma(va, DoubleVector.fromArray(D, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scaleAddRankK(
            double[] y,
            int yOff,
            int len,
            double beta,
            double[][] xs,
            double[] coeffs,
            int k,
            int xOff) {
        int j = 0;
        // four independent accumulators: the k FMAs into one vector form a latency chain
        for (; j <= len - 4 * DL; j += 4 * DL) {
            int o = yOff + j;
            DoubleVector v0 = DoubleVector.fromArray(D, y, o).mul(beta);
            DoubleVector v1 = DoubleVector.fromArray(D, y, o + DL).mul(beta);
            DoubleVector v2 = DoubleVector.fromArray(D, y, o + 2 * DL).mul(beta);
            DoubleVector v3 = DoubleVector.fromArray(D, y, o + 3 * DL).mul(beta);
            int xo = xOff + j;
            for (int t = 0; t < k; t++) {
                double[] x = xs[t];
                DoubleVector c = DoubleVector.broadcast(D, coeffs[t]);
                v0 = DoubleVector.fromArray(D, x, xo).fma(c, v0);
                v1 = DoubleVector.fromArray(D, x, xo + DL).fma(c, v1);
                v2 = DoubleVector.fromArray(D, x, xo + 2 * DL).fma(c, v2);
                v3 = DoubleVector.fromArray(D, x, xo + 3 * DL).fma(c, v3);
            }
            v0.intoArray(y, o);
            v1.intoArray(y, o + DL);
            v2.intoArray(y, o + 2 * DL);
            v3.intoArray(y, o + 3 * DL);
        }
        for (; j <= len - DL; j += DL) {
            DoubleVector v = DoubleVector.fromArray(D, y, yOff + j).mul(beta);
            for (int t = 0; t < k; t++) {
                v =
                        DoubleVector.fromArray(D, xs[t], xOff + j)
                                .fma(DoubleVector.broadcast(D, coeffs[t]), v);
            }
            v.intoArray(y, yOff + j);
        }
        for (; j < len; j++) {
            double v = beta * y[yOff + j];
            for (int t = 0; t < k; t++) {
                v += coeffs[t] * xs[t][xOff + j];
            }
            y[yOff + j] = v;
        }
    }

    @Override
    public void scaleAddRankK2(
            double[] y,
            int y0Off,
            int y1Off,
            int len,
            double beta,
            double[][] xs,
            double[] c0,
            double[] c1,
            int k,
            int xOff) {
        int j = 0;
        // 2 rows x 4 vectors: 8 accumulators, each x and coefficient load feeds several FMAs
        for (; j <= len - 4 * DL; j += 4 * DL) {
            int o0 = y0Off + j;
            int o1 = y1Off + j;
            DoubleVector a0 = DoubleVector.fromArray(D, y, o0).mul(beta);
            DoubleVector a1 = DoubleVector.fromArray(D, y, o0 + DL).mul(beta);
            DoubleVector a2 = DoubleVector.fromArray(D, y, o0 + 2 * DL).mul(beta);
            DoubleVector a3 = DoubleVector.fromArray(D, y, o0 + 3 * DL).mul(beta);
            DoubleVector b0 = DoubleVector.fromArray(D, y, o1).mul(beta);
            DoubleVector b1 = DoubleVector.fromArray(D, y, o1 + DL).mul(beta);
            DoubleVector b2 = DoubleVector.fromArray(D, y, o1 + 2 * DL).mul(beta);
            DoubleVector b3 = DoubleVector.fromArray(D, y, o1 + 3 * DL).mul(beta);
            int xo = xOff + j;
            for (int t = 0; t < k; t++) {
                double[] x = xs[t];
                DoubleVector ca = DoubleVector.broadcast(D, c0[t]);
                DoubleVector cb = DoubleVector.broadcast(D, c1[t]);
                DoubleVector x0 = DoubleVector.fromArray(D, x, xo);
                DoubleVector x1 = DoubleVector.fromArray(D, x, xo + DL);
                DoubleVector x2 = DoubleVector.fromArray(D, x, xo + 2 * DL);
                DoubleVector x3 = DoubleVector.fromArray(D, x, xo + 3 * DL);
                a0 = x0.fma(ca, a0);
                a1 = x1.fma(ca, a1);
                a2 = x2.fma(ca, a2);
                a3 = x3.fma(ca, a3);
                b0 = x0.fma(cb, b0);
                b1 = x1.fma(cb, b1);
                b2 = x2.fma(cb, b2);
                b3 = x3.fma(cb, b3);
            }
            a0.intoArray(y, o0);
            a1.intoArray(y, o0 + DL);
            a2.intoArray(y, o0 + 2 * DL);
            a3.intoArray(y, o0 + 3 * DL);
            b0.intoArray(y, o1);
            b1.intoArray(y, o1 + DL);
            b2.intoArray(y, o1 + 2 * DL);
            b3.intoArray(y, o1 + 3 * DL);
        }
        for (; j <= len - 2 * DL; j += 2 * DL) {
            int o0 = y0Off + j;
            int o1 = y1Off + j;
            DoubleVector a0 = DoubleVector.fromArray(D, y, o0).mul(beta);
            DoubleVector a1 = DoubleVector.fromArray(D, y, o0 + DL).mul(beta);
            DoubleVector b0 = DoubleVector.fromArray(D, y, o1).mul(beta);
            DoubleVector b1 = DoubleVector.fromArray(D, y, o1 + DL).mul(beta);
            int xo = xOff + j;
            for (int t = 0; t < k; t++) {
                double[] x = xs[t];
                DoubleVector x0 = DoubleVector.fromArray(D, x, xo);
                DoubleVector x1 = DoubleVector.fromArray(D, x, xo + DL);
                DoubleVector ca = DoubleVector.broadcast(D, c0[t]);
                DoubleVector cb = DoubleVector.broadcast(D, c1[t]);
                a0 = x0.fma(ca, a0);
                a1 = x1.fma(ca, a1);
                b0 = x0.fma(cb, b0);
                b1 = x1.fma(cb, b1);
            }
            a0.intoArray(y, o0);
            a1.intoArray(y, o0 + DL);
            b0.intoArray(y, o1);
            b1.intoArray(y, o1 + DL);
        }
        if (j < len) {
            scaleAddRankK(y, y0Off + j, len - j, beta, xs, c0, k, xOff + j);
            scaleAddRankK(y, y1Off + j, len - j, beta, xs, c1, k, xOff + j);
        }
    }

    @Override
    public void dot4(
            double[] a,
            int a0,
            int a1,
            int a2,
            int a3,
            double[] b,
            int bOff,
            int len,
            double[] out) {
        // same summation order as dot(): two accumulators per product, then fixed-order lanes
        DoubleVector p0 = DoubleVector.zero(D);
        DoubleVector p1 = DoubleVector.zero(D);
        DoubleVector q0 = DoubleVector.zero(D);
        DoubleVector q1 = DoubleVector.zero(D);
        DoubleVector r0 = DoubleVector.zero(D);
        DoubleVector r1 = DoubleVector.zero(D);
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= len - 2 * DL; i += 2 * DL) {
            DoubleVector b0 = DoubleVector.fromArray(D, b, bOff + i);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bOff + i + DL);
            p0 = DoubleVector.fromArray(D, a, a0 + i).fma(b0, p0);
            p1 = DoubleVector.fromArray(D, a, a0 + i + DL).fma(b1, p1);
            q0 = DoubleVector.fromArray(D, a, a1 + i).fma(b0, q0);
            q1 = DoubleVector.fromArray(D, a, a1 + i + DL).fma(b1, q1);
            r0 = DoubleVector.fromArray(D, a, a2 + i).fma(b0, r0);
            r1 = DoubleVector.fromArray(D, a, a2 + i + DL).fma(b1, r1);
            s0 = DoubleVector.fromArray(D, a, a3 + i).fma(b0, s0);
            s1 = DoubleVector.fromArray(D, a, a3 + i + DL).fma(b1, s1);
        }
        for (; i <= len - DL; i += DL) {
            DoubleVector b0 = DoubleVector.fromArray(D, b, bOff + i);
            p0 = DoubleVector.fromArray(D, a, a0 + i).fma(b0, p0);
            q0 = DoubleVector.fromArray(D, a, a1 + i).fma(b0, q0);
            r0 = DoubleVector.fromArray(D, a, a2 + i).fma(b0, r0);
            s0 = DoubleVector.fromArray(D, a, a3 + i).fma(b0, s0);
        }
        double sp = sumLanes(p0.add(p1));
        double sq = sumLanes(q0.add(q1));
        double sr = sumLanes(r0.add(r1));
        double ss = sumLanes(s0.add(s1));
        for (; i < len; i++) {
            double bi = b[bOff + i];
            sp += a[a0 + i] * bi;
            sq += a[a1 + i] * bi;
            sr += a[a2 + i] * bi;
            ss += a[a3 + i] * bi;
        }
        out[0] = sp;
        out[1] = sq;
        out[2] = sr;
        out[3] = ss;
    }
}
