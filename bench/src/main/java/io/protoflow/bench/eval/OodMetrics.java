package io.protoflow.bench.eval;

import java.util.Arrays;

/**
 * Threshold-free quality of an OOD score (higher = more unusual), from the scores of in-
 * distribution and out-of-distribution examples, as the OOD literature reports them.
 *
 * <ul>
 *   <li>{@link #auroc}: the probability that a random OOD example scores above a random in-
 *       distribution one, ties counting one half (the area under the ROC curve with OOD as the
 *       positive class; 0.5 is chance, 1 perfect).
 *   <li>{@link #fprAtTpr}: with in-distribution as the positive class and "accepted" meaning a
 *       score at or below a threshold, the share of OOD examples accepted at the lowest threshold
 *       that accepts at least the given share of in-distribution examples. At 0.95 this is the
 *       usual FPR95 (lower is better).
 * </ul>
 */
public final class OodMetrics {

    private OodMetrics() {}

    /**
     * The AUROC of separating {@code ood} from {@code in} by score, computed exactly from ranks
     * (Mann-Whitney U) in {@code O(n log n)}.
     *
     * @throws IllegalArgumentException if either array is empty or holds NaN
     */
    public static double auroc(double[] in, double[] ood) {
        requireScores(in, "in-distribution");
        requireScores(ood, "out-of-distribution");
        int n = in.length + ood.length;
        double[] all = new double[n];
        boolean[] isOod = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            all[i] = i < in.length ? in[i] : ood[i - in.length];
            isOod[i] = i >= in.length;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double oodRankSum = 0.0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1.0; // ranks i+1 .. j+1 share their mean
            for (int t = i; t <= j; t++) {
                if (isOod[order[t]]) {
                    oodRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        double m = ood.length;
        double u = oodRankSum - m * (m + 1) / 2.0;
        return u / (m * in.length);
    }

    /**
     * The share of OOD scores at or below the lowest in-distribution score {@code t} such that at
     * least {@code tpr} of in-distribution scores are {@code <= t}.
     *
     * @throws IllegalArgumentException if either array is empty or holds NaN, or {@code tpr} is not
     *     in (0, 1]
     */
    public static double fprAtTpr(double[] in, double[] ood, double tpr) {
        requireScores(in, "in-distribution");
        requireScores(ood, "out-of-distribution");
        if (!(tpr > 0.0 && tpr <= 1.0)) {
            throw new IllegalArgumentException("tpr must be in (0, 1], got " + tpr);
        }
        double[] sorted = in.clone();
        Arrays.sort(sorted);
        int needed = (int) Math.ceil(tpr * sorted.length - 1e-9);
        double threshold = sorted[Math.max(needed, 1) - 1];
        int accepted = 0;
        for (double s : ood) {
            if (s <= threshold) {
                accepted++;
            }
        }
        return (double) accepted / ood.length;
    }

    /** The share of {@code scores} strictly above {@code threshold}. */
    public static double flagRate(double[] scores, double threshold) {
        int flagged = 0;
        for (double s : scores) {
            if (s > threshold) {
                flagged++;
            }
        }
        return scores.length == 0 ? 0.0 : (double) flagged / scores.length;
    }

    private static void requireScores(double[] scores, String what) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("no " + what + " scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(what + " score [" + i + "] is NaN");
            }
        }
    }
}
