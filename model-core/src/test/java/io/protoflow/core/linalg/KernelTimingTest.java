package io.protoflow.core.linalg;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints single-thread throughput of the dot kernels, vector vs scalar; asserts nothing. Run with
 * {@code mvn -pl model-core -am verify -Dtest=KernelTimingTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dprotoflow.timing=true}. JMH numbers belong in {@code
 * bench/}.
 */
@EnabledIfSystemProperty(named = "protoflow.timing", matches = "true")
class KernelTimingTest {

    @Test
    void printDotThroughputAtD384() {
        Random random = new Random(1);
        int d = 384;
        float[] x = KernelsTest.floats(random, d);
        float[] y = KernelsTest.floats(random, d);
        double[] m = KernelsTest.doubles(random, d);
        Kernels vector = Kernels.vector().orElseThrow();
        Kernels scalar = Kernels.scalar();
        for (int round = 0; round < 3; round++) {
            double sv = nsPerCall(vector, x, m, false);
            double ss = nsPerCall(scalar, x, m, false);
            double fv = nsPerCall(vector, x, y, true);
            double fs = nsPerCall(scalar, x, y, true);
            System.out.printf(
                    "d=%d dot(float,double): vector %.1f ns, scalar %.1f ns, ratio %.2f;"
                            + " dotFloat: vector %.1f ns, scalar %.1f ns, ratio %.2f%n",
                    d, sv, ss, ss / sv, fv, fs, fs / fv);
        }
    }

    private static double nsPerCall(Kernels k, float[] x, Object other, boolean floatDot) {
        int calls = 2_000_000;
        double sink = 0;
        long t0 = System.nanoTime();
        if (floatDot) {
            float[] y = (float[]) other;
            for (int i = 0; i < calls; i++) {
                sink += k.dotFloat(x, 0, y, 0, x.length);
            }
        } else {
            double[] m = (double[]) other;
            for (int i = 0; i < calls; i++) {
                sink += k.dot(x, m);
            }
        }
        long t1 = System.nanoTime();
        if (sink == 42.4242) {
            System.out.println(sink);
        }
        return (t1 - t0) / (double) calls;
    }
}
