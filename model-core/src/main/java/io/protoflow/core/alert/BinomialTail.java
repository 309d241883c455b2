package io.protoflow.core.alert;

/**
 * The upper tail {@code P(X >= k)} of a binomial distribution with fixed {@code n}, exact to double
 * rounding: log-factorials are tabulated once for {@code n}, and the tail is summed from {@code k}
 * upwards in log space, stopping when the terms no longer matter.
 */
final class BinomialTail {

    private final int n;
    private final double[] logFactorial;

    BinomialTail(int n) {
        this.n = n;
        this.logFactorial = new double[n + 1];
        for (int i = 2; i <= n; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
    }

    /** {@code P(X >= k)} for {@code X ~ Binomial(n, p)}, {@code 0 < p < 1}. */
    double upper(int k, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (k > n) {
            return 0.0;
        }
        double lp = Math.log(p);
        double lq = Math.log1p(-p);
        double first = logPmf(k, lp, lq);
        double sum = 0;
        for (int j = k; j <= n; j++) {
            double rel = Math.exp(logPmf(j, lp, lq) - first);
            sum += rel;
            // past the mode the terms shrink geometrically: stop once they are negligible
            if (j > n * p && rel < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, Math.exp(first) * sum);
    }

    private double logPmf(int j, double lp, double lq) {
        return logFactorial[n] - logFactorial[j] - logFactorial[n - j] + j * lp + (n - j) * lq;
    }
}
