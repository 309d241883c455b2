package io.protoflow.bench.discovery;

import io.protoflow.core.learn.RandomFeatureMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The feature space discovery runs in: a pipeline of steps fitted on the known classes' training
 * rows only (the held-out classes never shape it). Spec: comma-separated steps, applied in order:
 *
 * <ul>
 *   <li>{@code raw}: the features as they are;
 *   <li>{@code l2}: scaled to unit Euclidean norm (shape, not ink: pixel images differ more in
 *       stroke mass than in class);
 *   <li>{@code pca:P} / {@code pca:P:whiten}: centred and projected on the top {@code P} principal
 *       axes of the known rows (eigen-decomposition of their covariance by Commons Math),
 *       optionally divided by the axes' standard deviations;
 *   <li>{@code rf:D}: the learner's seeded random ReLU feature map ({@link RandomFeatureMap}) to
 *       {@code D} dimensions;
 *   <li>{@code within}: whitened by the known classes' pooled within-class covariance (shrunk by 10
 *       % towards its mean eigenvalue): the metric of streaming LDA, in which every known class is
 *       about isotropic, the shape DP-means assumes. Use after a {@code pca} step.
 * </ul>
 */
public final class FeatureSpace {

    private interface Step {
        float[] apply(float[] x);

        int outputDimension();
    }

    private final String spec;
    private final List<Step> steps;
    private final int dimension;

    private FeatureSpace(String spec, List<Step> steps, int dimension) {
        this.spec = spec;
        this.steps = steps;
        this.dimension = dimension;
    }

    /**
     * Parses {@code spec} and fits its steps on {@code knownRows}.
     *
     * @param knownRows rows of the known classes (not modified), at least two for a PCA step
     * @param knownLabels their labels (for {@code within})
     * @param inputDimension the raw dimension
     * @param seed the random feature map's seed
     * @throws IllegalArgumentException naming the step, e.g. {@code "space step 'pca:x': P must be
     *     an integer >= 1"}
     */
    public static FeatureSpace fit(
            String spec,
            List<float[]> knownRows,
            List<String> knownLabels,
            int inputDimension,
            long seed) {
        if (knownLabels.size() != knownRows.size()) {
            throw new IllegalArgumentException(
                    "knownLabels has "
                            + knownLabels.size()
                            + " entries, knownRows "
                            + knownRows.size());
        }
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("space is blank: '" + spec + "'");
        }
        List<Step> steps = new ArrayList<>();
        List<float[]> rows = knownRows;
        int d = inputDimension;
        for (String raw : spec.split(",")) {
            String token = raw.trim().toLowerCase(Locale.ROOT);
            String[] parts = token.split(":");
            Step step =
                    switch (parts[0]) {
                        case "raw" -> {
                            requireParts(token, parts, 1, 1);
                            yield null;
                        }
                        case "l2" -> {
                            requireParts(token, parts, 1, 1);
                            yield new L2(d);
                        }
                        case "pca" -> {
                            requireParts(token, parts, 2, 3);
                            int p = positive(token, "P", parts[1]);
                            if (p > d) {
                                throw new IllegalArgumentException(
                                        "space step '" + token + "': P " + p + " exceeds " + d);
                            }
                            boolean whiten = parts.length == 3;
                            if (whiten && !parts[2].equals("whiten")) {
                                throw new IllegalArgumentException(
                                        "space step '"
                                                + token
                                                + "': third part must be 'whiten', got '"
                                                + parts[2]
                                                + "'");
                            }
                            yield Pca.fit(rows, d, p, whiten);
                        }
                        case "within" -> {
                            requireParts(token, parts, 1, 1);
                            yield Pca.fitWithin(rows, knownLabels, d);
                        }
                        case "rf" -> {
                            requireParts(token, parts, 2, 2);
                            int out = positive(token, "D", parts[1]);
                            RandomFeatureMap map =
                                    new RandomFeatureMap(
                                            d,
                                            out,
                                            seed,
                                            RandomFeatureMap.Nonlinearity.RELU,
                                            false);
                            yield new Step() {
                                @Override
                                public float[] apply(float[] x) {
                                    return map.apply(x);
                                }

                                @Override
                                public int outputDimension() {
                                    return out;
                                }
                            };
                        }
                        default ->
                                throw new IllegalArgumentException(
                                        "space step '"
                                                + token
                                                + "' is not one of raw, l2, pca:P[:whiten], within, rf:D");
                    };
            if (step != null) {
                steps.add(step);
                List<float[]> next = new ArrayList<>(rows.size());
                for (float[] x : rows) {
                    next.add(step.apply(x));
                }
                rows = next;
                d = step.outputDimension();
            }
        }
        return new FeatureSpace(spec, List.copyOf(steps), d);
    }

    /** Maps one row through every step. */
    public float[] apply(float[] x) {
        float[] y = x;
        for (Step s : steps) {
            y = s.apply(y);
        }
        return y;
    }

    /** The dimension of the mapped features. */
    public int dimension() {
        return dimension;
    }

    /** The spec this space was built from. */
    public String spec() {
        return spec;
    }

    private static void requireParts(String token, String[] parts, int min, int max) {
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException(
                    "space step '"
                            + token
                            + "' is not one of raw, l2, pca:P[:whiten], within, rf:D");
        }
    }

    private static int positive(String token, String name, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "space step '" + token + "': " + name + " must be an integer >= 1, got " + value);
    }

    private record L2(int dimension) implements Step {
        @Override
        public float[] apply(float[] x) {
            double n = 0;
            for (float v : x) {
                n += (double) v * v;
            }
            float[] y = x.clone();
            if (n > 0) {
                float inv = (float) (1.0 / Math.sqrt(n));
                for (int i = 0; i < y.length; i++) {
                    y[i] *= inv;
                }
            }
            return y;
        }

        @Override
        public int outputDimension() {
            return dimension;
        }
    }

    /** Projection on the top principal axes: {@code y_j = (x - mean) . axis_j [/ sd_j]}. */
    static final class Pca implements Step {
        private final double[] mean;
        private final double[][] axes;

        private Pca(double[] mean, double[][] axes) {
            this.mean = mean;
            this.axes = axes;
        }

        static Pca fit(List<float[]> rows, int d, int p, boolean whiten) {
            if (rows.size() < 2) {
                throw new IllegalArgumentException(
                        "PCA needs at least 2 known rows, got " + rows.size());
            }
            int n = rows.size();
            double[] mean = new double[d];
            for (float[] x : rows) {
                for (int i = 0; i < d; i++) {
                    mean[i] += x[i];
                }
            }
            for (int i = 0; i < d; i++) {
                mean[i] /= n;
            }
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (float[] x : rows) {
                for (int i = 0; i < d; i++) {
                    c[i] = x[i] - mean[i];
                }
                for (int i = 0; i < d; i++) {
                    double ci = c[i];
                    if (ci != 0.0) {
                        double[] row = cov[i];
                        for (int j = i; j < d; j++) {
                            row[j] += ci * c[j];
                        }
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov[i][j] /= n - 1;
                    cov[j][i] = cov[i][j];
                }
            }
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            double[] values = eigen.getRealEigenvalues();
            Integer[] order = new Integer[d];
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
            double[][] axes = new double[p][];
            for (int k = 0; k < p; k++) {
                double[] v = eigen.getEigenvector(order[k]).toArray();
                if (whiten) {
                    double sd = Math.sqrt(Math.max(values[order[k]], 1e-12));
                    for (int i = 0; i < d; i++) {
                        v[i] /= sd;
                    }
                }
                axes[k] = v;
            }
            return new Pca(mean, axes);
        }

        /**
         * Whitening by the pooled within-class covariance {@code W} (shrunk: {@code 0.9 W + 0.1
         * trace(W)/d I}): {@code y_j = (x - mean) . v_j / sqrt(lambda_j)} over all eigenpairs.
         */
        static Pca fitWithin(List<float[]> rows, List<String> labels, int d) {
            Map<String, double[]> sums = new LinkedHashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                double[] sum = sums.computeIfAbsent(labels.get(r), k -> new double[d]);
                float[] x = rows.get(r);
                for (int i = 0; i < d; i++) {
                    sum[i] += x[i];
                }
                counts.merge(labels.get(r), 1, Integer::sum);
            }
            sums.forEach(
                    (label, sum) -> {
                        int n = counts.get(label);
                        for (int i = 0; i < d; i++) {
                            sum[i] /= n;
                        }
                    });
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (int r = 0; r < rows.size(); r++) {
                double[] mu = sums.get(labels.get(r));
                float[] x = rows.get(r);
                for (int i = 0; i < d; i++) {
                    c[i] = x[i] - mu[i];
                }
                for (int i = 0; i < d; i++) {
                    for (int j = i; j < d; j++) {
                        cov[i][j] += c[i] * c[j];
                    }
                }
            }
            double trace = 0;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov[i][j] /= rows.size();
                    cov[j][i] = cov[i][j];
                }
                trace += cov[i][i];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] *= 0.9;
                }
                cov[i][i] += 0.1 * trace / d;
            }
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            double[] values = eigen.getRealEigenvalues();
            double[][] axes = new double[d][];
            for (int k = 0; k < d; k++) {
                double[] v = eigen.getEigenvector(k).toArray();
                double sd = Math.sqrt(Math.max(values[k], 1e-12));
                for (int i = 0; i < d; i++) {
                    v[i] /= sd;
                }
                axes[k] = v;
            }
            return new Pca(new double[d], axes);
        }

        @Override
        public float[] apply(float[] x) {
            float[] y = new float[axes.length];
            for (int k = 0; k < axes.length; k++) {
                double[] a = axes[k];
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    s += (x[i] - mean[i]) * a[i];
                }
                y[k] = (float) s;
            }
            return y;
        }

        @Override
        public int outputDimension() {
            return axes.length;
        }
    }
}
