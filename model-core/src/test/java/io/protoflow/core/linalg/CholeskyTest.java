package io.protoflow.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void solvesRandomSpdSystemToTenDigits() {
        long seed = 7L;
        Random random = new Random(seed);
        for (int d : new int[] {1, 2, 5, 17, 64}) {
            // A = B B^T + d I is well conditioned and SPD
            double[] b = KernelsTest.doubles(random, d * d);
            double[] a = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = i == j ? d : 0;
                    for (int k = 0; k < d; k++) {
                        s += b[i * d + k] * b[j * d + k];
                    }
                    a[i * d + j] = s;
                }
            }
            double[] x = KernelsTest.doubles(random, d);
            double[] rhs = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    rhs[i] += a[i * d + j] * x[j];
                }
            }
            double[] l = a.clone();
            Cholesky.decomposeInPlace(l, d);
            Cholesky.solveInPlace(l, d, rhs);
            assertThat(rhs).as("seed %d, d %d", seed, d).containsExactly(x, within(1e-10));
        }
    }

    @Test
    void factorOfKnownMatrix() {
        double[] a = {4, 0, 12, 37};
        Cholesky.decomposeInPlace(a, 2);
        assertThat(a[0]).isEqualTo(2.0);
        assertThat(a[2]).isEqualTo(6.0);
        assertThat(a[3]).isEqualTo(1.0);
    }

    @Test
    void rejectsIndefiniteMatrixNamingThePivot() {
        double[] a = {1, 0, 2, 1};
        assertThatThrownBy(() -> Cholesky.decomposeInPlace(a, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matrix is not positive definite: pivot 1 is -3.0");
    }
}
