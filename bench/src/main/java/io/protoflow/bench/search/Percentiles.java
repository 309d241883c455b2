package io.protoflow.bench.search;

import java.util.Arrays;

/** Exact percentiles of a small sample of latencies (nearest-rank). */
public final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank {@code p}-th percentile, p in (0, 100]. */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
