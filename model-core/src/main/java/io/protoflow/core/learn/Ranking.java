package io.protoflow.core.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns per-class scores (in first-appearance order) into a {@link Prediction}, best first, ties
 * kept in first-appearance order. Selecting the best {@code k} of {@code n} is {@code O(n k)} at
 * worst and about {@code O(n)} on typical scores, against {@code O(n log n)} plus {@code n} objects
 * for a full ranking: a prediction service that publishes the top 5 of 1000 classes should not sort
 * all 1000.
 */
final class Ranking {

    private Ranking() {}

    /** Above this k, a stable full sort beats insertion into the top-k list. */
    private static final int SELECTION_MAX_K = 32;

    /**
     * The best {@code min(k, n)} of the first {@code n} labels.
     *
     * @param labels class labels, index-aligned with {@code scores}
     * @param scores class scores; none is NaN
     * @param n number of classes to rank
     * @param k how many to keep, >= 0
     */
    static Prediction top(String[] labels, double[] scores, int n, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int keep = Math.min(k, n);
        if (keep == 0) {
            return Prediction.empty();
        }
        if (keep > SELECTION_MAX_K) {
            return sorted(labels, scores, n, keep);
        }
        int[] best = new int[keep];
        int size = 0;
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            if (size == keep && Double.compare(s, scores[best[size - 1]]) <= 0) {
                continue;
            }
            // strictly greater moves up: an equal score stays behind the earlier class
            int j = size == keep ? keep - 1 : size++;
            while (j > 0 && Double.compare(s, scores[best[j - 1]]) > 0) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        List<ScoredLabel> ranked = new ArrayList<>(keep);
        for (int j = 0; j < keep; j++) {
            ranked.add(new ScoredLabel(labels[best[j]], scores[best[j]]));
        }
        return new Prediction(ranked);
    }

    private static Prediction sorted(String[] labels, double[] scores, int n, int keep) {
        ScoredLabel[] all = new ScoredLabel[n];
        for (int i = 0; i < n; i++) {
            all[i] = new ScoredLabel(labels[i], scores[i]);
        }
        // Arrays.sort on objects is stable: equal scores keep first-appearance order
        Arrays.sort(all, (a, b) -> Double.compare(b.score(), a.score()));
        return new Prediction(Arrays.asList(all).subList(0, keep));
    }
}
