package io.protoflow.bench.offline;

import io.protoflow.bench.eval.BatchClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linear discriminant analysis fit in one batch, the offline reference for streaming LDA: class
 * means, the pooled within-class covariance {@code S} shrunk towards a scaled identity, {@code S' =
 * (1 - lambda) S + lambda (tr(S) / d) I}, and the discriminant {@code w_c = S'^-1 mu_c}, {@code b_c
 * = -mu_c . w_c / 2 + log(n_c / n)}. Fitting costs O(n d^2 + d^3 + C d^2), prediction O(C d).
 */
public final class ShrinkageLda implements BatchClassifier {

    private final double shrinkage;
    private List<String> classes = List.of();
    private double[][] weights;
    private double[] biases;

    /**
     * Creates an unfitted model.
     *
     * @param shrinkage lambda in [0, 1]
     */
    public ShrinkageLda(double shrinkage) {
        if (!(shrinkage >= 0.0 && shrinkage <= 1.0)) {
            throw new IllegalArgumentException("shrinkage must be in [0, 1], got " + shrinkage);
        }
        this.shrinkage = shrinkage;
    }

    @Override
    public String name() {
        return "offline-lda(shrinkage=" + shrinkage + ")";
    }

    @Override
    public void fit(float[][] x, String[] y) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training data");
        }
        int d = x[0].length;
        Map<String, Integer> index = new LinkedHashMap<>();
        List<double[]> sums = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        double[] m = new double[d * d]; // upper triangle of sum x x^T, row-major
        for (int r = 0; r < x.length; r++) {
            float[] v = x[r];
            Integer c = index.get(y[r]);
            if (c == null) {
                c = index.size();
                index.put(y[r], c);
                sums.add(new double[d]);
                counts.add(new long[1]);
            }
            double[] s = sums.get(c);
            counts.get(c)[0]++;
            for (int i = 0; i < d; i++) {
                double vi = v[i];
                s[i] += vi;
                if (vi == 0.0) {
                    continue;
                }
                int row = i * d;
                for (int j = i; j < d; j++) {
                    m[row + j] += vi * v[j];
                }
            }
        }
        int numClasses = index.size();
        long n = x.length;
        double[][] means = new double[numClasses][d];
        for (int c = 0; c < numClasses; c++) {
            for (int i = 0; i < d; i++) {
                means[c][i] = sums.get(c)[i] / counts.get(c)[0];
            }
        }
        double dof = Math.max(1, n - numClasses);
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double between = 0.0;
                for (int c = 0; c < numClasses; c++) {
                    between += counts.get(c)[0] * means[c][i] * means[c][j];
                }
                double v = (m[i * d + j] - between) / dof;
                cov[i * d + j] = v;
                cov[j * d + i] = v;
            }
        }
        double trace = 0.0;
        for (int i = 0; i < d; i++) {
            trace += cov[i * d + i];
        }
        double target = trace / d;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cov[i * d + j] *= 1.0 - shrinkage;
            }
            cov[i * d + i] += shrinkage * target;
        }
        double[] chol = cholesky(cov, d);
        weights = new double[numClasses][];
        biases = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            weights[c] = solve(chol, d, means[c]);
            double dot = 0.0;
            for (int i = 0; i < d; i++) {
                dot += means[c][i] * weights[c][i];
            }
            biases[c] = -0.5 * dot + Math.log((double) counts.get(c)[0] / n);
        }
        classes = List.copyOf(index.keySet());
    }

    @Override
    public String predict(float[] features) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.size(); c++) {
            double[] w = weights[c];
            double s = biases[c];
            for (int i = 0; i < w.length; i++) {
                s += w[i] * features[i];
            }
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best < 0 ? null : classes.get(best);
    }

    /** Lower Cholesky factor of a symmetric positive definite matrix (row-major). */
    static double[] cholesky(double[] a, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (s <= 0.0) {
                        throw new IllegalStateException(
                                "covariance is not positive definite at "
                                        + i
                                        + " (pivot "
                                        + s
                                        + "); raise the shrinkage");
                    }
                    l[i * d + i] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return l;
    }

    /** Solves (L L^T) w = b. */
    static double[] solve(double[] l, int d, double[] b) {
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * d + k] * z[k];
            }
            z[i] = s / l[i * d + i];
        }
        double[] w = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * w[k];
            }
            w[i] = s / l[i * d + i];
        }
        return w;
    }
}
