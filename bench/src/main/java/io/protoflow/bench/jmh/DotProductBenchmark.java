package io.protoflow.bench.jmh;

import io.protoflow.core.learn.Vectors;
import io.protoflow.core.linalg.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dot products of two L1-resident float vectors of length {@code d}: ops/s times {@code 2 d} is the
 * FLOP rate to compare with the core's FMA peak (see RESULTS.md).
 *
 * <ul>
 *   <li>{@code coreVectorsDot}: {@code io.protoflow.core.learn.Vectors.dot(float[], float[])}, what
 *       the learners call today (scalar, double accumulator);
 *   <li>{@code scalarFloat}: a plain float loop, one accumulator (the JIT does not vectorise a
 *       floating-point reduction, it would reorder additions);
 *   <li>{@code vectorApiFma}: a Vector API reference kernel ({@code FloatVector}, preferred
 *       species, 4 independent FMA accumulators), the ceiling a vectorised kernel can reach here.
 *   <li>{@code kernelsScalar*} / {@code kernelsVector*}: model-core's {@link Kernels} (what the
 *       learners run on), scalar fallback and Vector API, double and float accumulation; {@code
 *       vectorApiFma} stays the yardstick.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED"
        })
public class DotProductBenchmark {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final Kernels SCALAR = Kernels.scalar();
    private static final Kernels VECTOR =
            Kernels.vector()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "run with --add-modules jdk.incubator.vector"));

    @Param({"384"})
    public int dimension;

    /** Rows of the matrix kernels: 100 class means, the NCM predict target's C. */
    private static final int ROWS = 100;

    private float[] a;
    private float[] b;
    private float[] matrix;
    private double[] out;

    @Setup
    public void setUp() {
        Random random = new Random(42L);
        a = new float[dimension];
        b = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        matrix = new float[ROWS * dimension];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) random.nextGaussian();
        }
        out = new double[ROWS];
    }

    /** Squared distances to 100 rows (one op = 100 rows: 3 x 100 x d FLOP incl. the subtract). */
    @Benchmark
    public double[] kernelsVectorDistances100() {
        VECTOR.squaredDistancesFloat(a, matrix, 0, ROWS, dimension, out);
        return out;
    }

    /** Dot products with 100 rows (one op = 100 rows: 2 x 100 x d FLOP). */
    @Benchmark
    public double[] kernelsVectorDots100() {
        VECTOR.dotsFloat(a, matrix, 0, ROWS, dimension, out);
        return out;
    }

    /** The same 100 distances one row at a time, for the gain of the four-row pass. */
    @Benchmark
    public double[] kernelsVectorDistanceRowByRow100() {
        for (int r = 0; r < ROWS; r++) {
            out[r] = VECTOR.squaredDistanceFloat(a, 0, matrix, r * dimension, dimension);
        }
        return out;
    }

    @Benchmark
    public double[] kernelsScalarDistances100() {
        SCALAR.squaredDistancesFloat(a, matrix, 0, ROWS, dimension, out);
        return out;
    }

    @Benchmark
    public double coreVectorsDot() {
        return Vectors.dot(a, b);
    }

    @Benchmark
    public float scalarFloat() {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Benchmark
    public double kernelsScalarDot() {
        return SCALAR.dot(a, b);
    }

    @Benchmark
    public double kernelsVectorDot() {
        return VECTOR.dot(a, b);
    }

    @Benchmark
    public float kernelsScalarDotFloat() {
        return SCALAR.dotFloat(a, 0, b, 0, a.length);
    }

    @Benchmark
    public float kernelsVectorDotFloat() {
        return VECTOR.dotFloat(a, 0, b, 0, a.length);
    }

    @Benchmark
    public float vectorApiFma() {
        return vectorDot(a, b);
    }

    /** Vector API dot product with four independent accumulators and a scalar tail. */
    static float vectorDot(float[] a, float[] b) {
        int n = a.length;
        int step = SPECIES.length();
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        FloatVector acc2 = FloatVector.zero(SPECIES);
        FloatVector acc3 = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= n - 4 * step; i += 4 * step) {
            acc0 =
                    FloatVector.fromArray(SPECIES, a, i)
                            .fma(FloatVector.fromArray(SPECIES, b, i), acc0);
            acc1 =
                    FloatVector.fromArray(SPECIES, a, i + step)
                            .fma(FloatVector.fromArray(SPECIES, b, i + step), acc1);
            acc2 =
                    FloatVector.fromArray(SPECIES, a, i + 2 * step)
                            .fma(FloatVector.fromArray(SPECIES, b, i + 2 * step), acc2);
            acc3 =
                    FloatVector.fromArray(SPECIES, a, i + 3 * step)
                            .fma(FloatVector.fromArray(SPECIES, b, i + 3 * step), acc3);
        }
        for (; i <= n - step; i += step) {
            acc0 =
                    FloatVector.fromArray(SPECIES, a, i)
                            .fma(FloatVector.fromArray(SPECIES, b, i), acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
