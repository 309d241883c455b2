package io.protoflow.core.drift;

import io.protoflow.core.learn.Vectors;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift of a stream of embeddings, by the maximum mean discrepancy (Gretton et al., "A kernel
 * two-sample test", JMLR 2012) between a reference window and the current window. The first {@code
 * referenceSize} embeddings form the reference; then a window of the latest {@code windowSize}
 * slides over the stream, and every {@code testEvery} embeddings the unbiased estimate
 *
 * <pre>
 * MMD^2 = mean_{i != j} k(r_i, r_j) + mean_{i != j} k(w_i, w_j) - 2 mean_{i, j} k(r_i, w_j)
 * </pre>
 *
 * with the RBF kernel {@code k(x, y) = exp(-|x - y|^2 / (2 h^2))} is compared with its null
 * distribution ({@link MmdConfig.Calibration}): the p-value is {@code (1 + #{null >= observed}) /
 * (calibrationSamples + 1)}, and {@code p <= alpha} signals drift. After a drift the next {@code
 * referenceSize} embeddings form a new reference ({@link MmdConfig#rereference()}).
 *
 * <p>Cost: each embedding computes its kernel with the reference and the window ({@code
 * (referenceSize + windowSize) d} multiply-adds and as many exponentials); a test sums cached
 * kernel values ({@code O(windowSize (referenceSize + windowSize))}), plus the permutations when
 * calibrating by {@link MmdConfig.Calibration#PERMUTATION}. With the defaults (256 + 128, d = 32)
 * that is some tens of thousands of embeddings per second per core.
 *
 * <p>Evidence: {@code mmd2} (the observed statistic), {@code threshold} (the null's {@code 1 -
 * alpha} quantile), {@code pValue}, {@code bandwidth}, {@code referenceSize} and {@code windowSize}
 * of the last test.
 */
public final class MmdDriftDetector {

    /** The type name, {@code "mmd"}. */
    public static final String TYPE = "mmd";

    private final MmdConfig config;
    private final int r;
    private final int w;

    private final float[][] reference;
    private int refCount;
    private final float[][] window;
    private int head;
    private int size;

    /** Kernel caches, rebuilt from the embeddings on restore. */
    private final double[][] kRR;

    private final double[][] kWR;
    private final double[][] kWW;
    private double sumRR;

    private double bandwidth;
    private double[] nullStatistics = new double[0];
    private int sinceTest;
    private SplitMix64 random;
    private long count;
    private long drifts;
    private DriftState last = DriftState.NONE;

    /** mmd2, threshold, pValue and bandwidth of the last test. */
    private final double[] lastTest = new double[4];

    private boolean tested;

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public MmdDriftDetector(MmdConfig config) {
        StateChecks.requireNonNull(config, "config");
        this.config = config;
        this.r = config.referenceSize();
        this.w = config.windowSize();
        this.reference = new float[r][];
        this.window = new float[w][];
        this.kRR = new double[r][r];
        this.kWR = new double[w][r];
        this.kWW = new double[w][w];
        this.random = new SplitMix64(config.seed());
    }

    /**
     * Rebuilds a detector that continues exactly as the one that took the snapshot (up to the
     * rounding of the kernel implementation, when restored on a JVM with another {@code Kernels}
     * selection).
     */
    public static MmdDriftDetector restore(MmdState state) {
        StateChecks.requireNonNull(state, "state");
        MmdDriftDetector d = new MmdDriftDetector(state.config());
        float[][] ref = state.reference();
        for (float[] x : ref) {
            d.reference[d.refCount++] = x;
        }
        if (d.refCount == d.r) {
            d.bandwidth = state.bandwidth();
            d.computeReferenceKernel();
            d.nullStatistics = state.nullStatistics();
            for (float[] x : state.window()) {
                d.pushWindow(x);
            }
        }
        d.sinceTest = state.sinceTest();
        d.random = new SplitMix64(state.randomState());
        d.count = state.count();
        d.drifts = state.drifts();
        d.last = state.lastState();
        Map<String, Double> e = state.evidence();
        if (e.containsKey("pValue")) {
            d.tested = true;
            d.lastTest[0] = e.getOrDefault("mmd2", 0.0);
            d.lastTest[1] = e.getOrDefault("threshold", 0.0);
            d.lastTest[2] = e.get("pValue");
            d.lastTest[3] = e.getOrDefault("bandwidth", 0.0);
        }
        return d;
    }

    /** The configuration. */
    public MmdConfig config() {
        return config;
    }

    /** The type name, {@code "mmd"}. */
    public String type() {
        return TYPE;
    }

    /** Whether the reference is complete and tests run. */
    public boolean armed() {
        return refCount == r;
    }

    /** The kernel bandwidth in use; 0 until the reference is complete. */
    public double bandwidth() {
        return bandwidth;
    }

    /**
     * Consumes the next embedding (copied).
     *
     * @return the state after it: {@link DriftState#NONE} while the reference fills and between
     *     tests
     * @throws IllegalArgumentException if the embedding has the wrong dimension or a non-finite
     *     component
     */
    public DriftState update(float[] x) {
        Vectors.requireValid(x, config.dimension());
        count++;
        DriftState state = DriftState.NONE;
        if (refCount < r) {
            reference[refCount++] = x.clone();
            if (refCount == r) {
                arm();
            }
        } else {
            pushWindow(x.clone());
            sinceTest++;
            if (size == w && sinceTest >= config.testEvery()) {
                sinceTest = 0;
                state = test();
            }
        }
        if (state == DriftState.DRIFT) {
            drifts++;
            if (config.rereference()) {
                rereference();
            }
        }
        last = state;
        return state;
    }

    /** The state returned by the last {@link #update}; {@link DriftState#NONE} before any. */
    public DriftState lastState() {
        return last;
    }

    /** Forgets everything: the detector behaves as freshly constructed. */
    public void reset() {
        Arrays.fill(reference, null);
        refCount = 0;
        Arrays.fill(window, null);
        head = 0;
        size = 0;
        sumRR = 0;
        bandwidth = 0;
        nullStatistics = new double[0];
        sinceTest = 0;
        random = new SplitMix64(config.seed());
        count = 0;
        drifts = 0;
        last = DriftState.NONE;
        tested = false;
    }

    /** Embeddings consumed since construction or the last reset. */
    public long count() {
        return count;
    }

    /** Drifts reported since construction or the last reset. */
    public long drifts() {
        return drifts;
    }

    /** The numbers of the last test (see the class doc); empty before the first test. */
    public Map<String, Double> evidence() {
        Map<String, Double> e = new LinkedHashMap<>();
        if (tested) {
            e.put("mmd2", lastTest[0]);
            e.put("threshold", lastTest[1]);
            e.put("pValue", lastTest[2]);
            e.put("bandwidth", lastTest[3]);
            e.put("referenceSize", (double) r);
            e.put("windowSize", (double) w);
        }
        return Collections.unmodifiableMap(e);
    }

    /** The detector's whole state as an immutable value. */
    public MmdState snapshot() {
        float[][] ref = Arrays.copyOf(reference, refCount);
        float[][] win = new float[size][];
        for (int i = 0; i < size; i++) {
            win[i] = window[(head + i) % w];
        }
        return new MmdState(
                config,
                count,
                drifts,
                last,
                ref,
                win,
                bandwidth,
                nullStatistics,
                sinceTest,
                random.state(),
                evidence());
    }

    // ---------------------------------------------------------------- internals

    private void arm() {
        bandwidth = config.bandwidth() > 0 ? config.bandwidth() : medianHeuristic();
        computeReferenceKernel();
        if (config.calibration() == MmdConfig.Calibration.REFERENCE) {
            nullStatistics = referenceNull();
        }
    }

    private double medianHeuristic() {
        double[] d = new double[r * (r - 1) / 2];
        int k = 0;
        for (int i = 0; i < r; i++) {
            for (int j = i + 1; j < r; j++) {
                d[k++] = Vectors.squaredDistance(reference[i], reference[j]);
            }
        }
        Arrays.sort(d);
        double median =
                d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        // identical reference embeddings: any bandwidth separates a change from them; take 1
        return median > 0 ? Math.sqrt(median / 2) : 1.0;
    }

    private double kernel(float[] a, float[] b) {
        return Math.exp(-Vectors.squaredDistance(a, b) / (2 * bandwidth * bandwidth));
    }

    private void computeReferenceKernel() {
        sumRR = 0;
        for (int i = 0; i < r; i++) {
            kRR[i][i] = 1;
            for (int j = i + 1; j < r; j++) {
                double k = kernel(reference[i], reference[j]);
                kRR[i][j] = k;
                kRR[j][i] = k;
                sumRR += 2 * k;
            }
        }
    }

    /** Adds an embedding to the window (evicting the oldest when full) and caches its kernels. */
    private void pushWindow(float[] x) {
        int slot;
        if (size < w) {
            slot = (head + size) % w;
            size++;
        } else {
            slot = head;
            head = (head + 1) % w;
        }
        window[slot] = x;
        double[] toRef = kWR[slot];
        for (int j = 0; j < r; j++) {
            toRef[j] = kernel(x, reference[j]);
        }
        for (int t = 0; t < w; t++) {
            if (t != slot && window[t] != null) {
                double k = kernel(x, window[t]);
                kWW[slot][t] = k;
                kWW[t][slot] = k;
            }
        }
        kWW[slot][slot] = 1;
    }

    private DriftState test() {
        double sumWW = 0;
        double sumWR = 0;
        for (int s = 0; s < w; s++) {
            double[] row = kWW[s];
            for (int t = 0; t < w; t++) {
                if (t != s) {
                    sumWW += row[t];
                }
            }
            for (double k : kWR[s]) {
                sumWR += k;
            }
        }
        double observed = mmd2(sumRR, r, sumWW, w, sumWR);
        double[] nulls =
                config.calibration() == MmdConfig.Calibration.REFERENCE
                        ? nullStatistics
                        : permutationNull();
        int atLeast = nulls.length - lowerBound(nulls, observed);
        double p = (1.0 + atLeast) / (nulls.length + 1.0);
        int quantile = (int) Math.ceil((1 - config.alpha()) * nulls.length) - 1;
        double threshold = nulls[Math.max(0, Math.min(nulls.length - 1, quantile))];
        tested = true;
        lastTest[0] = observed;
        lastTest[1] = threshold;
        lastTest[2] = p;
        lastTest[3] = bandwidth;
        if (p <= config.alpha()) {
            return DriftState.DRIFT;
        }
        if (config.warningAlpha() > 0 && p <= config.warningAlpha()) {
            return DriftState.WARNING;
        }
        return DriftState.NONE;
    }

    private static double mmd2(double sumXX, int n, double sumYY, int m, double sumXY) {
        return sumXX / ((double) n * (n - 1))
                + sumYY / ((double) m * (m - 1))
                - 2 * sumXY / ((double) n * m);
    }

    /** Index of the first value >= key in a sorted array. */
    private static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Null statistics from random splits of the reference into pseudo-current and the rest. */
    private double[] referenceNull() {
        int b = config.calibrationSamples();
        double[] out = new double[b];
        int[] perm = identity(r);
        boolean[] inWindow = new boolean[r];
        for (int s = 0; s < b; s++) {
            shuffleFirst(perm, w);
            Arrays.fill(inWindow, false);
            for (int i = 0; i < w; i++) {
                inWindow[perm[i]] = true;
            }
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < r; i++) {
                double[] row = kRR[i];
                boolean gi = inWindow[i];
                for (int j = i + 1; j < r; j++) {
                    double k = row[j];
                    if (gi == inWindow[j]) {
                        if (gi) {
                            syy += 2 * k;
                        } else {
                            sxx += 2 * k;
                        }
                    } else {
                        sxy += k;
                    }
                }
            }
            out[s] = mmd2(sxx, r - w, syy, w, sxy);
        }
        Arrays.sort(out);
        return out;
    }

    /** Null statistics from random relabellings of the pooled reference and window. */
    private double[] permutationNull() {
        int n = r + w;
        double[][] pooled = new double[n][];
        for (int i = 0; i < r; i++) {
            double[] row = new double[n];
            System.arraycopy(kRR[i], 0, row, 0, r);
            for (int s = 0; s < w; s++) {
                row[r + s] = kWR[s][i];
            }
            pooled[i] = row;
        }
        for (int s = 0; s < w; s++) {
            double[] row = new double[n];
            System.arraycopy(kWR[s], 0, row, 0, r);
            System.arraycopy(kWW[s], 0, row, r, w);
            pooled[r + s] = row;
        }
        int b = config.calibrationSamples();
        double[] out = new double[b];
        int[] perm = identity(n);
        boolean[] inWindow = new boolean[n];
        for (int s = 0; s < b; s++) {
            shuffleFirst(perm, w);
            Arrays.fill(inWindow, false);
            for (int i = 0; i < w; i++) {
                inWindow[perm[i]] = true;
            }
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                double[] row = pooled[i];
                boolean gi = inWindow[i];
                for (int j = i + 1; j < n; j++) {
                    double k = row[j];
                    if (gi == inWindow[j]) {
                        if (gi) {
                            syy += 2 * k;
                        } else {
                            sxx += 2 * k;
                        }
                    } else {
                        sxy += k;
                    }
                }
            }
            out[s] = mmd2(sxx, r, syy, w, sxy);
        }
        Arrays.sort(out);
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Partial Fisher-Yates: the first k entries become a uniform sample without replacement. */
    private void shuffleFirst(int[] a, int k) {
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Starts a new reference from the embeddings after the detection: the current window straddles
     * the change, so it belongs to neither regime.
     */
    private void rereference() {
        Arrays.fill(reference, null);
        refCount = 0;
        Arrays.fill(window, null);
        head = 0;
        size = 0;
        sinceTest = 0;
        bandwidth = 0;
        nullStatistics = new double[0];
        sumRR = 0;
    }
}
