package io.protoflow.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Vectors;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotProductBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 33, 384, 785})
    void vectorKernelMatchesTheDoubleAccumulatedDot(int d) {
        Random random = new Random(d);
        float[] a = new float[d];
        float[] b = new float[d];
        for (int i = 0; i < d; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        // float accumulation: relative error ~ d * 2^-24 of the sum of |a_i b_i|
        double bound = 1e-5 * d;
        assertThat((double) DotProductBenchmark.vectorDot(a, b))
                .isCloseTo(Vectors.dot(a, b), within(bound));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000})
    void clusteredDataIsSeededAndCoversEveryClass(int classes) {
        ClusteredData one = ClusteredData.generate(classes, 16, 2048, 42L);
        ClusteredData two = ClusteredData.generate(classes, 16, 2048, 42L);
        assertThat(one.x()).isDeepEqualTo(two.x());
        assertThat(one.y()).containsSequence(two.y());
        assertThat(new HashSet<>(Arrays.asList(one.y()))).hasSize(classes);
    }
}
