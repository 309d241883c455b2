package io.protoflow.bench.offline;

import io.protoflow.bench.eval.BatchClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Multinomial logistic regression fit offline by several epochs of seeded stochastic gradient
 * descent over all training data, on features standardised with the training mean and standard
 * deviation: the usual "offline linear model" upper bound of class-incremental papers. Learning
 * rate {@code lr / (1 + epoch)}, L2 penalty {@code l2}.
 */
public final class SoftmaxRegression implements BatchClassifier {

    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final long seed;
    private List<String> classes = List.of();
    private double[][] w;
    private double[] b;
    private double[] mean;
    private double[] invStd;

    /** Creates an unfitted model. */
    public SoftmaxRegression(int epochs, double learningRate, double l2, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(learningRate > 0.0) || !(l2 >= 0.0)) {
            throw new IllegalArgumentException(
                    "need learningRate > 0 and l2 >= 0, got " + learningRate + ", " + l2);
        }
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "offline-logreg(epochs=" + epochs + ")";
    }

    @Override
    public void fit(float[][] x, String[] y) {
        int n = x.length;
        int d = x[0].length;
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] target = new int[n];
        for (int r = 0; r < n; r++) {
            target[r] = index.computeIfAbsent(y[r], k -> index.size());
        }
        classes = List.copyOf(index.keySet());
        int numClasses = classes.size();
        mean = new double[d];
        double[] sq = new double[d];
        for (float[] v : x) {
            for (int i = 0; i < d; i++) {
                mean[i] += v[i];
                sq[i] += (double) v[i] * v[i];
            }
        }
        invStd = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] /= n;
            double var = sq[i] / n - mean[i] * mean[i];
            invStd[i] = var > 1e-12 ? 1.0 / Math.sqrt(var) : 0.0;
        }
        w = new double[numClasses][d];
        b = new double[numClasses];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double[] z = new double[d];
        double[] p = new double[numClasses];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lr = learningRate / (1 + epoch);
            double decay = 1.0 - lr * l2;
            for (int r : order) {
                standardise(x[r], z);
                scores(z, p);
                softmax(p);
                for (int c = 0; c < numClasses; c++) {
                    double g = p[c] - (c == target[r] ? 1.0 : 0.0);
                    double[] wc = w[c];
                    double step = lr * g;
                    for (int i = 0; i < d; i++) {
                        wc[i] = wc[i] * decay - step * z[i];
                    }
                    b[c] -= step;
                }
            }
        }
    }

    @Override
    public String predict(float[] features) {
        double[] z = new double[mean.length];
        double[] p = new double[classes.size()];
        standardise(features, z);
        scores(z, p);
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return classes.get(best);
    }

    private void standardise(float[] v, double[] z) {
        for (int i = 0; i < z.length; i++) {
            z[i] = (v[i] - mean[i]) * invStd[i];
        }
    }

    private void scores(double[] z, double[] out) {
        for (int c = 0; c < out.length; c++) {
            double s = b[c];
            double[] wc = w[c];
            for (int i = 0; i < z.length; i++) {
                s += wc[i] * z[i];
            }
            out[c] = s;
        }
    }

    private static void softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        for (int c = 0; c < s.length; c++) {
            s[c] = Math.exp(s[c] - max);
            sum += s[c];
        }
        for (int c = 0; c < s.length; c++) {
            s[c] /= sum;
        }
    }
}
