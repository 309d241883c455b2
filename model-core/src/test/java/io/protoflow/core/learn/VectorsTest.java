package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void requireValidNamesDimensionMismatch() {
        assertThatThrownBy(() -> Vectors.requireValid(new float[63], 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 63, model expects 64");
    }

    @Test
    void requireValidNamesNaNAndInfiniteIndex() {
        float[] x = new float[16];
        x[12] = Float.NaN;
        assertThatThrownBy(() -> Vectors.requireValid(x, 16)).hasMessage("features[12] is NaN");
        float[] y = new float[16];
        y[3] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> Vectors.requireValid(y, 16)).hasMessage("features[3] is Infinity");
        y[3] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> Vectors.requireValid(y, 16))
                .hasMessage("features[3] is -Infinity");
        assertThatThrownBy(() -> Vectors.requireValid(null, 16)).hasMessage("features is null");
    }

    @Test
    void arithmeticAccumulatesInDouble() {
        float[] a = {1f, 2f, 3f};
        float[] b = {4f, -5f, 6f};
        assertThat(Vectors.dot(a, b)).isEqualTo(12.0);
        assertThat(Vectors.dot(a, new double[] {4, -5, 6})).isEqualTo(12.0);
        assertThat(Vectors.squaredDistance(a, b)).isEqualTo(9 + 49 + 9);
        assertThat(Vectors.squaredDistance(a, new double[] {4, -5, 6})).isEqualTo(67.0);
        assertThat(Vectors.norm(new float[] {3f, 4f})).isEqualTo(5.0);
        assertThat(Vectors.norm(new double[] {3, 4})).isEqualTo(5.0);

        // 10^6 products 1 * 0.1f: a float accumulator drifts by ~1%, the double one by ~1e-10
        float[] ones = new float[1_000_000];
        float[] tenths = new float[1_000_000];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(tenths, 0.1f);
        assertThat(Vectors.dot(ones, tenths)).isCloseTo(1_000_000 * (double) 0.1f, within(1e-6));
    }

    @Test
    void arithmeticRejectsDifferentLengths() {
        assertThatThrownBy(() -> Vectors.dot(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vector lengths differ: 2 and 3");
    }
}
