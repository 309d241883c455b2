package io.protoflow.core.drift;

import java.util.Arrays;

/** The two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value. */
final class KolmogorovSmirnov {

    private KolmogorovSmirnov() {}

    /**
     * The largest distance between the empirical distribution functions of two samples, ties
     * handled by stepping over equal values together. Sorts both arrays in place.
     */
    static double statistic(double[] a, double[] b) {
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double v = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /**
     * The asymptotic p-value of statistic {@code d} for samples of sizes {@code n} and {@code m}:
     * the Kolmogorov distribution's tail {@code Q(lambda) = 2 sum_k (-1)^(k-1) exp(-2 k^2
     * lambda^2)} at {@code lambda = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) d}, {@code ne = n m / (n +
     * m)} (Stephens' small-sample correction). Conservative for discrete data.
     */
    static double pValue(double d, int n, int m) {
        double ne = (double) n * m / (n + m);
        double sqrtNe = Math.sqrt(ne);
        double lambda = (sqrtNe + 0.12 + 0.11 / sqrtNe) * d;
        if (lambda < 0.2) {
            return 1.0; // the series has not converged here, and the tail is 1 to 1e-9
        }
        double sum = 0;
        double sign = 1;
        for (int k = 1; k <= 100; k++) {
            double term = sign * Math.exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-14) {
                break;
            }
            sign = -sign;
        }
        return Math.min(1.0, Math.max(0.0, 2 * sum));
    }
}
