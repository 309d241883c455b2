package io.protoflow.core.drift;

import java.util.Arrays;
import java.util.Map;

/**
 * The state of an {@link AdwinDetector}: configuration, counters and the exponential histogram.
 * Bucket arrays are ordered row by row (row {@code i} holds buckets of {@code 2^i} values), oldest
 * bucket first within a row; {@code rowSizes[i]} says how many buckets row {@code i} holds.
 *
 * @param config the configuration
 * @param count values consumed
 * @param drifts drifts reported
 * @param lastState the state of the last update
 * @param width values in the window, the sum of all bucket sizes
 * @param total sum of the values in the window
 * @param variance sum of squared deviations from the window mean
 * @param rowSizes buckets per row, each in [0, maxBucketsPerRow]
 * @param bucketSums sum of each bucket's values
 * @param bucketVariances sum of squared deviations within each bucket, >= 0
 * @param evidence the numbers behind the last decision
 */
public record AdwinState(
        AdwinConfig config,
        long count,
        long drifts,
        DriftState lastState,
        long width,
        double total,
        double variance,
        int[] rowSizes,
        double[] bucketSums,
        double[] bucketVariances,
        Map<String, Double> evidence)
        implements ScalarDetectorState {

    public AdwinState {
        StateChecks.requireNonNull(config, "config");
        StateChecks.requireNonNegative(count, "count");
        StateChecks.requireNonNegative(drifts, "drifts");
        StateChecks.requireNonNull(lastState, "lastState");
        StateChecks.requireNonNull(rowSizes, "rowSizes");
        StateChecks.requireNonNull(bucketSums, "bucketSums");
        StateChecks.requireNonNull(bucketVariances, "bucketVariances");
        if (rowSizes.length > 62) {
            throw new IllegalArgumentException(
                    "rowSizes has " + rowSizes.length + " rows, at most 62 fit a long width");
        }
        long buckets = 0;
        long expectedWidth = 0;
        for (int i = 0; i < rowSizes.length; i++) {
            if (rowSizes[i] < 0 || rowSizes[i] > config.maxBucketsPerRow()) {
                throw new IllegalArgumentException(
                        "rowSizes["
                                + i
                                + "] must be in [0, "
                                + config.maxBucketsPerRow()
                                + "], got "
                                + rowSizes[i]);
            }
            buckets += rowSizes[i];
            expectedWidth += (long) rowSizes[i] << i;
        }
        if (bucketSums.length != buckets || bucketVariances.length != buckets) {
            throw new IllegalArgumentException(
                    "rowSizes declare "
                            + buckets
                            + " buckets but bucketSums has "
                            + bucketSums.length
                            + " and bucketVariances "
                            + bucketVariances.length);
        }
        if (width != expectedWidth) {
            throw new IllegalArgumentException(
                    "width must equal the buckets' total size " + expectedWidth + ", got " + width);
        }
        StateChecks.requireFinite(total, "total");
        StateChecks.requireFiniteNonNegative(variance, "variance");
        for (int i = 0; i < bucketSums.length; i++) {
            StateChecks.requireFinite(bucketSums[i], "bucketSums[" + i + "]");
            StateChecks.requireFiniteNonNegative(bucketVariances[i], "bucketVariances[" + i + "]");
        }
        rowSizes = rowSizes.clone();
        bucketSums = bucketSums.clone();
        bucketVariances = bucketVariances.clone();
        evidence = StateChecks.evidence(evidence);
    }

    @Override
    public String type() {
        return AdwinDetector.TYPE;
    }

    /** A copy of the buckets per row. */
    @Override
    public int[] rowSizes() {
        return rowSizes.clone();
    }

    /** A copy of the bucket sums. */
    @Override
    public double[] bucketSums() {
        return bucketSums.clone();
    }

    /** A copy of the bucket variances. */
    @Override
    public double[] bucketVariances() {
        return bucketVariances.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdwinState s
                && config.equals(s.config)
                && count == s.count
                && drifts == s.drifts
                && lastState == s.lastState
                && width == s.width
                && Double.compare(total, s.total) == 0
                && Double.compare(variance, s.variance) == 0
                && Arrays.equals(rowSizes, s.rowSizes)
                && Arrays.equals(bucketSums, s.bucketSums)
                && Arrays.equals(bucketVariances, s.bucketVariances)
                && evidence.equals(s.evidence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(
                new Object[] {
                    config,
                    count,
                    drifts,
                    lastState,
                    width,
                    total,
                    variance,
                    Arrays.hashCode(rowSizes),
                    Arrays.hashCode(bucketSums),
                    Arrays.hashCode(bucketVariances),
                    evidence
                });
    }

    @Override
    public String toString() {
        return "AdwinState[config="
                + config
                + ", count="
                + count
                + ", drifts="
                + drifts
                + ", width="
                + width
                + ", buckets="
                + bucketSums.length
                + "]";
    }
}
