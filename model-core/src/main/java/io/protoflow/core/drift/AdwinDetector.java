package io.protoflow.core.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from time-changing data with adaptive
 * windowing", SDM 2007), in its exponential-histogram form ADWIN2: the detector keeps a window of
 * the most recent values whose length adapts, and drops the older part of the window whenever some
 * split into an older part {@code W0} and a newer part {@code W1} has means that differ by more
 * than
 *
 * <pre>
 * eps = sqrt(2/m * var(W) * ln(2/d')) + 2/(3m) * ln(2/d'),   m = 1/(1/(n0-L) + 1/(n1-L)),   d' = delta/ln(n)
 * </pre>
 *
 * where {@code var(W)} is the variance of the whole window, {@code n} its length and {@code L} the
 * {@linkplain AdwinConfig#lengthDiscount() length discount} (0 in the paper, 4 in MOA). The window
 * is summarised by an exponential histogram (at most {@code maxBucketsPerRow} buckets of each size
 * 1, 2, 4, ...), so memory and the time of one test are {@code O(M log n)}, and split points are
 * the bucket borders. Every cut reports {@link DriftState#DRIFT} when its direction is accepted by
 * {@link AdwinConfig#direction()}; the window shrinks either way, so the detector is already
 * adapted to the new regime afterwards. Values are any finite numbers (error indicators or scores);
 * the bound assumes them bounded, as in the paper.
 *
 * <p>Evidence: {@code meanBefore}, {@code meanAfter}, {@code widthBefore}, {@code widthAfter} and
 * {@code epsilon} of the first cut of the last drift or warning, and {@code window} and {@code
 * estimate} (window length and mean after the last value).
 */
public final class AdwinDetector implements DriftDetector {

    /** The type name, {@code "adwin"}. */
    public static final String TYPE = "adwin";

    private final AdwinConfig config;

    /** rows.get(i) holds buckets of 2^i values, oldest first; rows beyond the last are absent. */
    private final List<Row> rows = new ArrayList<>();

    private long width;
    private double total;
    private double variance;
    private long count;
    private long drifts;
    private DriftState last = DriftState.NONE;

    /** The first cut of the last drift or warning; null before any. */
    private Cut lastCut;

    /** Creates a detector with {@link AdwinConfig#defaults()}. */
    public AdwinDetector() {
        this(AdwinConfig.defaults());
    }

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public AdwinDetector(AdwinConfig config) {
        StateChecks.requireNonNull(config, "config");
        this.config = config;
    }

    /**
     * Rebuilds a detector from its state; it continues exactly as the detector that took the
     * snapshot.
     *
     * @throws IllegalArgumentException if {@code state} is null
     */
    public static AdwinDetector restore(AdwinState state) {
        StateChecks.requireNonNull(state, "state");
        AdwinDetector d = new AdwinDetector(state.config());
        int[] sizes = state.rowSizes();
        double[] sums = state.bucketSums();
        double[] vars = state.bucketVariances();
        int b = 0;
        for (int i = 0; i < sizes.length; i++) {
            Row row = d.row(i);
            for (int k = 0; k < sizes[i]; k++, b++) {
                row.append(sums[b], vars[b]);
            }
        }
        d.trimEmptyRows();
        d.width = state.width();
        d.total = state.total();
        d.variance = state.variance();
        d.count = state.count();
        d.drifts = state.drifts();
        d.last = state.lastState();
        d.lastCut = Cut.fromEvidence(state.evidence());
        return d;
    }

    /** The configuration. */
    public AdwinConfig config() {
        return config;
    }

    /** The current window length. */
    public long width() {
        return width;
    }

    /** The mean of the current window; 0 when empty. */
    public double estimate() {
        return width == 0 ? 0 : total / width;
    }

    @Override
    public DriftState update(double value) {
        StateChecks.requireValue(value, false, TYPE);
        insert(value);
        count++;
        DriftState state = DriftState.NONE;
        if (count % config.checkEvery() == 0) {
            Cut first = null;
            Cut cut;
            while ((cut = findCut(config.delta())) != null) {
                if (first == null) {
                    first = cut;
                }
                removeOldestBucket();
            }
            if (first != null) {
                if (config.direction().accepts(first.meanBefore, first.meanAfter)) {
                    state = DriftState.DRIFT;
                    drifts++;
                    lastCut = first;
                }
            } else if (config.warningDelta() > 0) {
                Cut warning = findCut(config.warningDelta());
                if (warning != null
                        && config.direction().accepts(warning.meanBefore, warning.meanAfter)) {
                    state = DriftState.WARNING;
                    lastCut = warning;
                }
            }
        }
        last = state;
        return state;
    }

    @Override
    public DriftState lastState() {
        return last;
    }

    @Override
    public void reset() {
        rows.clear();
        width = 0;
        total = 0;
        variance = 0;
        count = 0;
        drifts = 0;
        last = DriftState.NONE;
        lastCut = null;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long drifts() {
        return drifts;
    }

    @Override
    public Map<String, Double> evidence() {
        if (count == 0) {
            return Map.of();
        }
        Map<String, Double> e = new LinkedHashMap<>();
        if (lastCut != null) {
            lastCut.putInto(e);
        }
        e.put("window", (double) width);
        e.put("estimate", estimate());
        return Collections.unmodifiableMap(e);
    }

    @Override
    public AdwinState snapshot() {
        int[] sizes = new int[rows.size()];
        int buckets = 0;
        for (int i = 0; i < rows.size(); i++) {
            sizes[i] = rows.get(i).size;
            buckets += sizes[i];
        }
        double[] sums = new double[buckets];
        double[] vars = new double[buckets];
        int b = 0;
        for (Row row : rows) {
            for (int k = 0; k < row.size; k++, b++) {
                sums[b] = row.sum[k];
                vars[b] = row.var[k];
            }
        }
        return new AdwinState(
                config, count, drifts, last, width, total, variance, sizes, sums, vars, evidence());
    }

    // ---------------------------------------------------------------- histogram

    private void insert(double x) {
        if (width > 0) {
            double mean = total / width;
            variance += (double) width / (width + 1) * (x - mean) * (x - mean);
        }
        total += x;
        width++;
        row(0).append(x, 0);
        for (int i = 0; i < rows.size() && rows.get(i).size > config.maxBucketsPerRow(); i++) {
            Row r = rows.get(i);
            double n = 1L << i;
            double mean0 = r.sum[0] / n;
            double mean1 = r.sum[1] / n;
            double sum = r.sum[0] + r.sum[1];
            // Chan et al.'s pairwise update: within-bucket variances plus the between-means term
            double var = r.var[0] + r.var[1] + n / 2 * (mean0 - mean1) * (mean0 - mean1);
            r.removeOldest(2);
            row(i + 1).append(sum, var);
        }
    }

    private void removeOldestBucket() {
        int top = rows.size() - 1;
        Row r = rows.get(top);
        long nb = 1L << top;
        double sb = r.sum[0];
        double vb = r.var[0];
        r.removeOldest(1);
        long rest = width - nb;
        if (rest == 0) {
            total = 0;
            variance = 0;
        } else {
            double meanB = sb / nb;
            double meanRest = (total - sb) / rest;
            variance -= vb + (double) nb * rest / width * (meanB - meanRest) * (meanB - meanRest);
            variance = Math.max(0, variance);
            total -= sb;
        }
        width = rest;
        trimEmptyRows();
    }

    /** The first split point, oldest first, whose sub-window means differ by more than eps. */
    private Cut findCut(double delta) {
        if (width < 2L * config.minSubWindow()) {
            return null;
        }
        double n = width;
        double ln = Math.log(2 * Math.log(n) / delta);
        double windowVariance = variance / n;
        long n0 = 0;
        double s0 = 0;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            long size = 1L << i;
            for (int b = 0; b < r.size; b++) {
                n0 += size;
                s0 += r.sum[b];
                long n1 = width - n0;
                if (n1 < config.minSubWindow()) {
                    return null;
                }
                if (n0 < config.minSubWindow()) {
                    continue;
                }
                double mean0 = s0 / n0;
                double mean1 = (total - s0) / n1;
                double d = Math.abs(mean1 - mean0);
                // d > sqrt(2/m v ln) + 2/(3m) ln, tested without the square root
                double invM =
                        1.0 / (n0 - config.lengthDiscount()) + 1.0 / (n1 - config.lengthDiscount());
                double excess = d - 2.0 / 3.0 * invM * ln;
                if (excess > 0 && excess * excess > 2 * invM * windowVariance * ln) {
                    double eps = Math.sqrt(2 * invM * windowVariance * ln) + 2.0 / 3.0 * invM * ln;
                    return new Cut(mean0, mean1, n0, n1, eps);
                }
            }
        }
        return null;
    }

    private Row row(int i) {
        while (rows.size() <= i) {
            rows.add(new Row(config.maxBucketsPerRow() + 1));
        }
        return rows.get(i);
    }

    private void trimEmptyRows() {
        while (!rows.isEmpty() && rows.get(rows.size() - 1).size == 0) {
            rows.remove(rows.size() - 1);
        }
    }

    private record Cut(double meanBefore, double meanAfter, long n0, long n1, double epsilon) {
        void putInto(Map<String, Double> e) {
            e.put("meanBefore", meanBefore);
            e.put("meanAfter", meanAfter);
            e.put("widthBefore", (double) n0);
            e.put("widthAfter", (double) n1);
            e.put("epsilon", epsilon);
        }

        static Cut fromEvidence(Map<String, Double> e) {
            if (!e.containsKey("meanBefore")) {
                return null;
            }
            return new Cut(
                    e.get("meanBefore"),
                    e.getOrDefault("meanAfter", 0.0),
                    e.getOrDefault("widthBefore", 0.0).longValue(),
                    e.getOrDefault("widthAfter", 0.0).longValue(),
                    e.getOrDefault("epsilon", 0.0));
        }
    }

    /** One row of same-size buckets, oldest at index 0. */
    private static final class Row {
        final double[] sum;
        final double[] var;
        int size;

        Row(int capacity) {
            sum = new double[capacity];
            var = new double[capacity];
        }

        void append(double s, double v) {
            sum[size] = s;
            var[size] = v;
            size++;
        }

        void removeOldest(int k) {
            System.arraycopy(sum, k, sum, 0, size - k);
            System.arraycopy(var, k, var, 0, size - k);
            size -= k;
        }
    }
}
