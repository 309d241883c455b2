package io.protoflow.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API and scalar kernels agree on seeded random inputs whose lengths exercise every tail
 * (0 .. 3 full vectors plus any remainder). Tolerance: relative {@code 1e-12} of the sum of
 * absolute products for double accumulation, {@code 1e-5} for float accumulation.
 */
class KernelsTest {

    private static final long SEED = 20261125L;
    private static final int[] LENGTHS = {
        0, 1, 2, 3, 5, 7, 8, 9, 15, 17, 31, 33, 63, 65, 383, 785, 1023
    };

    private static final Kernels SCALAR = Kernels.scalar();

    /** The Vector API kernels; surefire starts the JVM with the module, so they must be present. */
    private static final Kernels VECTOR = Kernels.vector().orElseThrow();

    @Test
    void vectorModuleIsSelectedByDefaultUnderSurefire() {
        assertThat(KernelSelection.select(null).name()).startsWith("vector");
        assertThat(KernelSelection.select("scalar")).isSameAs(SCALAR);
        assertThat(KernelSelection.select(" Vector ").name()).startsWith("vector");
        assertThatThrownBy(() -> KernelSelection.select("gpu"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("protoflow.kernels has invalid value 'gpu', expected scalar or vector");
    }

    @Test
    void dotProductsAndDistancesAgreeOnOddLengths() {
        Random random = new Random(SEED);
        for (int n : LENGTHS) {
            float[] a = floats(random, n);
            float[] b = floats(random, n);
            double[] c = doubles(random, n);
            double absFF = absDot(a, b);
            String seed = "seed " + SEED + ", length " + n;

            assertThat(VECTOR.dot(a, b))
                    .as(seed)
                    .isCloseTo(SCALAR.dot(a, b), within(1e-12 * absFF + 1e-300));
            double absFD = 0;
            for (int i = 0; i < n; i++) {
                absFD += Math.abs(a[i] * c[i]);
            }
            assertThat(VECTOR.dot(a, c))
                    .as(seed)
                    .isCloseTo(SCALAR.dot(a, c), within(1e-12 * absFD + 1e-300));
            double sq = SCALAR.squaredDistance(a, b);
            assertThat(VECTOR.squaredDistance(a, b))
                    .as(seed)
                    .isCloseTo(sq, within(1e-12 * sq + 1e-300));
            double sqd = SCALAR.squaredDistance(a, c);
            assertThat(VECTOR.squaredDistance(a, c))
                    .as(seed)
                    .isCloseTo(sqd, within(1e-12 * sqd + 1e-300));
            assertThat(VECTOR.dotFloat(a, 0, b, 0, n))
                    .as(seed)
                    .isCloseTo(
                            SCALAR.dotFloat(a, 0, b, 0, n), within((float) (1e-5 * absFF + 1e-30)));
            // float accumulation against the double-accumulated distance: no cancellation
            assertThat((double) VECTOR.squaredDistanceFloat(a, 0, b, 0, n))
                    .as(seed)
                    .isCloseTo(sq, within(1e-5 * sq + 1e-30));
            assertThat((double) SCALAR.squaredDistanceFloat(a, 0, b, 0, n))
                    .as(seed)
                    .isCloseTo(sq, within(1e-5 * sq + 1e-30));
        }
    }

    @Test
    void rowKernelsMatchOneRowAtATimeAndScoreEqualRowsEqually() {
        Random random = new Random(SEED + 7);
        for (int len : LENGTHS) {
            for (int count : new int[] {1, 3, 4, 5, 9}) {
                float[] x = floats(random, len);
                float[] rows = floats(random, (count + 1) * len);
                // the last row repeats row 0, so it lands in a different group of four
                System.arraycopy(rows, 0, rows, count * len, len);
                String seed = "seed " + (SEED + 7) + ", length " + len + ", rows " + count;
                for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
                    double[] dist = new double[count + 1];
                    double[] dots = new double[count + 1];
                    k.squaredDistancesFloat(x, rows, 0, count + 1, len, dist);
                    k.dotsFloat(x, rows, 0, count + 1, len, dots);
                    for (int r = 0; r <= count; r++) {
                        double exact = SCALAR.squaredDistance(x, slice(rows, r * len, len));
                        assertThat(dist[r]).as(seed).isCloseTo(exact, within(1e-5 * exact + 1e-30));
                        double exactDot = SCALAR.dot(x, slice(rows, r * len, len));
                        double abs = absDot(x, slice(rows, r * len, len));
                        assertThat(dots[r])
                                .as(seed)
                                .isCloseTo(exactDot, within(1e-5 * abs + 1e-30));
                    }
                    assertThat(dist[count]).as(seed).isEqualTo(dist[0]);
                    assertThat(dots[count]).as(seed).isEqualTo(dots[0]);
                    double[] offset = new double[count + 1];
                    k.squaredDistancesFloat(x, rows, 1, count, len, offset);
                    assertThat(offset[0]).as("rows before first untouched").isZero();
                    assertThat(offset[count]).as(seed).isEqualTo(dist[count]);
                }
            }
        }
    }

    private static float[] slice(float[] a, int off, int len) {
        float[] s = new float[len];
        System.arraycopy(a, off, s, 0, len);
        return s;
    }

    @Test
    void allFiniteFindsEveryNonFiniteValueAtEveryPosition() {
        for (int n : LENGTHS) {
            float[] x = floats(new Random(SEED + n), n);
            for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
                assertThat(k.allFinite(x)).as(k.name() + ", length " + n).isTrue();
                for (int i = 0; i < n; i++) {
                    for (float bad :
                            new float[] {
                                Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY
                            }) {
                        float saved = x[i];
                        x[i] = bad;
                        assertThat(k.allFinite(x))
                                .as(k.name() + ", length " + n + ", " + bad + " at " + i)
                                .isFalse();
                        x[i] = saved;
                    }
                }
            }
        }
        float[] huge = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE};
        assertThat(VECTOR.allFinite(huge)).isTrue();
        assertThat(SCALAR.allFinite(huge)).isTrue();
    }

    @Test
    void floatDistanceHonoursOffsets() {
        float[] a = {9f, 1f, 2f, 3f};
        float[] b = {0f, 0f, 4f, 4f, 4f};
        // (1-4)^2 + (2-4)^2 + (3-4)^2 = 14
        assertThat(VECTOR.squaredDistanceFloat(a, 1, b, 2, 3)).isEqualTo(14f);
        assertThat(SCALAR.squaredDistanceFloat(a, 1, b, 2, 3)).isEqualTo(14f);
    }

    @Test
    void offsetKernelsAgreeOnOddLengthsAndOffsets() {
        Random random = new Random(SEED + 1);
        for (int n : LENGTHS) {
            int off = random.nextInt(5);
            double[] a = doubles(random, n + off);
            double[] b = doubles(random, n + 3);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs(a[off + i] * b[3 + i]);
            }
            String seed = "seed " + (SEED + 1) + ", length " + n;
            assertThat(VECTOR.dot(a, off, b, 3, n))
                    .as(seed)
                    .isCloseTo(SCALAR.dot(a, off, b, 3, n), within(1e-12 * abs + 1e-300));

            double[] y1 = doubles(random, n + 2);
            double[] y2 = y1.clone();
            SCALAR.axpy(-0.37, a, off, y1, 2, n);
            VECTOR.axpy(-0.37, a, off, y2, 2, n);
            assertThat(y2).as(seed).containsExactly(y1, within(1e-14));
            assertThat(y2[0]).isEqualTo(y1[0]);

            int k = 1 + random.nextInt(6);
            double[][] xs = new double[k][];
            double[] coeffs = new double[k];
            for (int t = 0; t < k; t++) {
                xs[t] = doubles(random, n + 1);
                coeffs[t] = random.nextGaussian();
            }
            double[] z1 = doubles(random, n + 4);
            double[] z2 = z1.clone();
            SCALAR.scaleAddRankK(z1, 4, n, 0.9, xs, coeffs, k, 1);
            VECTOR.scaleAddRankK(z2, 4, n, 0.9, xs, coeffs, k, 1);
            assertThat(z2).as(seed).containsExactly(z1, within(1e-13));

            double[] c1 = KernelsTest.doubles(random, k);
            double[] w1 = doubles(random, 2 * n + 3);
            double[] w2 = w1.clone();
            SCALAR.scaleAddRankK2(w1, 1, n + 2, n, 0.5, xs, coeffs, c1, k, 1);
            VECTOR.scaleAddRankK2(w2, 1, n + 2, n, 0.5, xs, coeffs, c1, k, 1);
            assertThat(w2).as(seed).containsExactly(w1, within(1e-13));
        }
    }

    @Test
    void dot4EqualsFourDotsExactly() {
        Random random = new Random(SEED + 3);
        for (int n : LENGTHS) {
            double[] a = doubles(random, 4 * n + 7);
            double[] b = doubles(random, n + 2);
            double[] out = new double[4];
            for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
                k.dot4(a, 1, n + 2, 2 * n + 4, 3 * n + 7, b, 2, n, out);
                assertThat(out)
                        .as("%s, seed %d, length %d", k.name(), SEED + 3, n)
                        .containsExactly(
                                k.dot(a, 1, b, 2, n),
                                k.dot(a, n + 2, b, 2, n),
                                k.dot(a, 2 * n + 4, b, 2, n),
                                k.dot(a, 3 * n + 7, b, 2, n));
            }
        }
    }

    @Test
    void resultsDoNotDependOnJitWarmUp() {
        Random random = new Random(SEED + 2);
        float[] a = floats(random, 389);
        double[] b = doubles(random, 389);
        double first = VECTOR.dot(a, b);
        float firstFloat = VECTOR.dotFloat(a, 0, a, 0, 389);
        double last = 0;
        float lastFloat = 0;
        for (int i = 0; i < 200_000; i++) {
            last = VECTOR.dot(a, b);
            lastFloat = VECTOR.dotFloat(a, 0, a, 0, 389);
        }
        assertThat(last).isEqualTo(first);
        assertThat(lastFloat).isEqualTo(firstFloat);
    }

    @Test
    void exactOnSmallIntegers() {
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] b = {9, 8, 7, 6, 5, 4, 3, 2, 1};
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            assertThat(k.dot(a, b)).as(k.name()).isEqualTo(165.0);
            assertThat(k.squaredDistance(a, b)).as(k.name()).isEqualTo(240.0);
            assertThat(k.dotFloat(a, 1, b, 1, 8)).as(k.name()).isEqualTo(156f);
        }
    }

    @Test
    void lengthMismatchIsRejectedByBoth() {
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            assertThatThrownBy(() -> k.dot(new float[2], new double[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("vector lengths differ: 2 and 3");
        }
    }

    static float[] floats(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static double[] doubles(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static double absDot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((double) a[i] * b[i]);
        }
        return s;
    }
}
