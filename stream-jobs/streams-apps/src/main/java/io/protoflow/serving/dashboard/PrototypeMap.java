package io.protoflow.serving.dashboard;

import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A 2-D map of a model's prototypes: their projection on the first two principal components (PCA of
 * the prototype means, unweighted, centred on their mean). The components are found by power
 * iteration with deflation on the smaller of the Gram matrix (n x n) and the scatter matrix (d x
 * d), so a map of a few hundred prototypes in a few thousand dimensions takes milliseconds. Each
 * component's sign is fixed (its largest projection is positive) so that the map of one version
 * looks the same however often it is drawn.
 *
 * @param points the projected prototypes
 * @param explained the share of the prototypes' variance each axis explains (0 to 2 values)
 */
record PrototypeMap(List<Point> points, double[] explained) {

    /** Most prototypes drawn; the heaviest are kept. */
    static final int MAX_POINTS = 500;

    private static final int MAX_ITERATIONS = 1000;
    private static final double TOLERANCE = 1e-10;

    /**
     * One prototype on the map.
     *
     * @param label its class
     * @param weight its mass (examples assigned)
     * @param x first principal coordinate
     * @param y second principal coordinate (0 when there is only one component)
     */
    record Point(String label, double weight, double x, double y) {}

    /** The map of a learner state's prototypes. */
    static PrototypeMap of(LearnerState learner, long seed) {
        List<String> labels = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        record Proto(String label, PrototypeState state) {}
        List<Proto> all = new ArrayList<>();
        for (ClassState c : learner.classes()) {
            for (PrototypeState p : c.prototypes()) {
                all.add(new Proto(c.label(), p));
            }
        }
        if (all.size() > MAX_POINTS) {
            all.sort(Comparator.comparingDouble((Proto p) -> -p.state().weight()));
            all = all.subList(0, MAX_POINTS);
        }
        for (Proto p : all) {
            labels.add(p.label());
            weights.add(p.state().weight());
            means.add(p.state().mean());
        }
        return project(labels, weights, means, seed);
    }

    /**
     * Projects points on their first two principal components.
     *
     * @param seed seeds the power iteration's start vectors
     */
    static PrototypeMap project(
            List<String> labels, List<Double> weights, List<double[]> vectors, long seed) {
        int n = vectors.size();
        if (n == 0) {
            return new PrototypeMap(List.of(), new double[0]);
        }
        int d = vectors.get(0).length;
        double[][] x = new double[n][d];
        double[] mean = new double[d];
        for (double[] v : vectors) {
            if (v.length != d) {
                throw new IllegalArgumentException(
                        "all vectors must have dimension " + d + ", got " + v.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / n;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = vectors.get(i)[j] - mean[j];
                total += x[i][j] * x[i][j];
            }
        }
        int components = Math.min(2, Math.min(n - 1, d));
        double[][] coords = new double[n][2];
        double[] explained = new double[Math.max(components, 0)];
        if (components > 0 && total > 0) {
            boolean gram = n <= d;
            double[][] m = gram ? gram(x) : scatter(x);
            Random random = new Random(seed);
            for (int k = 0; k < components; k++) {
                double[] u = new double[m.length];
                double lambda = dominant(m, u, random);
                if (lambda <= 0) {
                    explained = java.util.Arrays.copyOf(explained, k);
                    break;
                }
                explained[k] = lambda / total;
                for (int i = 0; i < n; i++) {
                    // Gram: scores are u_i * sqrt(lambda); scatter: scores are x_i . u.
                    coords[i][k] = gram ? u[i] * Math.sqrt(lambda) : dot(x[i], u);
                }
                deflate(m, u, lambda);
            }
            for (int k = 0; k < explained.length; k++) {
                int largest = 0;
                for (int i = 1; i < n; i++) {
                    if (Math.abs(coords[i][k]) > Math.abs(coords[largest][k])) {
                        largest = i;
                    }
                }
                if (coords[largest][k] < 0) {
                    for (int i = 0; i < n; i++) {
                        coords[i][k] = -coords[i][k];
                    }
                }
            }
        } else {
            explained = new double[0];
        }
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(new Point(labels.get(i), weights.get(i), coords[i][0], coords[i][1]));
        }
        return new PrototypeMap(List.copyOf(points), explained);
    }

    private static double[][] gram(double[][] x) {
        int n = x.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                g[i][j] = g[j][i] = dot(x[i], x[j]);
            }
        }
        return g;
    }

    private static double[][] scatter(double[][] x) {
        int d = x[0].length;
        double[][] s = new double[d][d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                if (row[a] == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    s[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                s[a][b] = s[b][a];
            }
        }
        return s;
    }

    /**
     * The largest eigenvalue of symmetric PSD {@code m}; its unit eigenvector goes to {@code u}.
     */
    private static double dominant(double[][] m, double[] u, Random random) {
        int size = m.length;
        for (int i = 0; i < size; i++) {
            u[i] = random.nextGaussian();
        }
        normalize(u);
        double[] next = new double[size];
        double lambda = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            for (int i = 0; i < size; i++) {
                next[i] = dot(m[i], u);
            }
            double norm = Math.sqrt(dot(next, next));
            if (norm == 0) {
                return 0;
            }
            double change = 0;
            for (int i = 0; i < size; i++) {
                double v = next[i] / norm;
                change = Math.max(change, Math.abs(v - u[i]));
                u[i] = v;
            }
            lambda = norm;
            if (change < TOLERANCE) {
                break;
            }
        }
        return lambda;
    }

    private static void deflate(double[][] m, double[] u, double lambda) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                m[i][j] -= lambda * u[i] * u[j];
            }
        }
    }

    private static void normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
