package io.protoflow.core.discovery;

import io.protoflow.core.learn.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Minimises the DP-means objective {@code SSE + lambda k} (Kulis and Jordan, 2012) over a batch of
 * points globally instead of greedily: for {@code k = 1, 2, ...} one seeded k-means++ centre joins
 * the previous solution and Lloyd passes refine all centres; the {@code k} with the lowest
 * objective wins, the search stopping after three values of {@code k} without improvement. Greedy
 * DP-means opens a cluster only for a point beyond {@code sqrt(lambda)} of every centre, so it
 * chains nearby classes into one cluster; k-means moves every centre at once and does not. Cost
 * {@code O(K^2 passes n d)} for the largest {@code k} tried. Deterministic for a given seed and
 * point order.
 */
public final class DpMeansSearch {

    /**
     * The winning partition.
     *
     * @param assignment cluster index of each point, in [0, clusters)
     * @param clusters the number of clusters, >= 1 (0 for no points)
     * @param objective {@code SSE + lambda * clusters}
     */
    public record Result(int[] assignment, int clusters, double objective) {}

    private DpMeansSearch() {}

    /**
     * Searches the partition.
     *
     * @param points the points, all of one dimension
     * @param lambda the price of a cluster, in squared distance units, > 0
     * @param maxClusters the most clusters tried, >= 1
     * @param passes Lloyd passes per k, >= 1
     * @param seed the k-means++ seed
     * @throws IllegalArgumentException for an invalid argument, naming it
     */
    public static Result fit(
            List<float[]> points, double lambda, int maxClusters, int passes, long seed) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and > 0, got " + lambda);
        }
        if (maxClusters < 1) {
            throw new IllegalArgumentException("maxClusters must be >= 1, got " + maxClusters);
        }
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        int n = points.size();
        if (n == 0) {
            return new Result(new int[0], 0, 0);
        }
        int dim = points.get(0).length;
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> centres = new ArrayList<>();
        int[] assign = new int[n];
        double[] d2 = new double[n];
        double bestObjective = Double.POSITIVE_INFINITY;
        int[] best = null;
        int bestK = 0;
        int sinceBest = 0;
        for (int k = 1; k <= Math.min(maxClusters, n); k++) {
            int pick;
            if (k == 1) {
                pick = random.nextInt(n);
            } else {
                double total = 0;
                for (double v : d2) {
                    total += v;
                }
                if (!(total > 0)) {
                    break;
                }
                double u = random.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= d2[i];
                    if (u <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            double[] centre = new double[dim];
            float[] p = points.get(pick);
            for (int j = 0; j < dim; j++) {
                centre[j] = p[j];
            }
            centres.add(centre);
            double objective = lloyd(points, centres, assign, d2, passes) + lambda * k;
            if (objective < bestObjective) {
                bestObjective = objective;
                best = assign.clone();
                bestK = k;
                sinceBest = 0;
            } else if (++sinceBest >= 3) {
                break;
            }
        }
        return compact(best, bestK, bestObjective);
    }

    /** Lloyd passes from the given centres; fills assign and d2 and returns the SSE. */
    private static double lloyd(
            List<float[]> points, List<double[]> centres, int[] assign, double[] d2, int passes) {
        int n = points.size();
        int dim = centres.get(0).length;
        double sse = 0;
        for (int pass = 0; ; pass++) {
            boolean moved = false;
            sse = 0;
            for (int i = 0; i < n; i++) {
                float[] x = points.get(i);
                int nearest = 0;
                double nearestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < centres.size(); c++) {
                    double d = Vectors.squaredDistance(x, centres.get(c));
                    if (d < nearestD) {
                        nearestD = d;
                        nearest = c;
                    }
                }
                moved |= pass == 0 || assign[i] != nearest;
                assign[i] = nearest;
                d2[i] = nearestD;
                sse += nearestD;
            }
            if (!moved || pass == passes) {
                return sse;
            }
            double[][] sums = new double[centres.size()][dim];
            int[] counts = new int[centres.size()];
            for (int i = 0; i < n; i++) {
                float[] x = points.get(i);
                double[] s = sums[assign[i]];
                for (int j = 0; j < dim; j++) {
                    s[j] += x[j];
                }
                counts[assign[i]]++;
            }
            for (int c = 0; c < centres.size(); c++) {
                if (counts[c] > 0) {
                    double[] m = centres.get(c);
                    for (int j = 0; j < dim; j++) {
                        m[j] = sums[c][j] / counts[c];
                    }
                }
            }
        }
    }

    /** Renumbers clusters 0.. in order of first appearance, dropping empty ones. */
    private static Result compact(int[] assign, int k, double objective) {
        int[] map = new int[k];
        java.util.Arrays.fill(map, -1);
        int next = 0;
        int[] out = new int[assign.length];
        for (int i = 0; i < assign.length; i++) {
            if (map[assign[i]] < 0) {
                map[assign[i]] = next++;
            }
            out[i] = map[assign[i]];
        }
        return new Result(out, next, objective);
    }
}
