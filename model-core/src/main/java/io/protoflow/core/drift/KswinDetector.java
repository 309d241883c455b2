package io.protoflow.core.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KSWIN, Kolmogorov-Smirnov windowing (Raab, Heusinger and Schleif, "Reactive soft prototype
 * computing for concept drift streams", Neurocomputing 2020): keeps the last {@code windowSize}
 * values and, once the window is full, compares after every value the newest {@code statSize}
 * values with {@code statSize} values drawn uniformly without replacement (seeded) from the older
 * part of the window by the two-sample Kolmogorov-Smirnov test. A p-value below {@code alpha}
 * signals drift; the window then keeps only its newest {@code statSize} values, so the next test
 * waits until the window has refilled with the new regime.
 *
 * <p>Being distributional, KSWIN sees changes of shape as well as of the mean, and suits score
 * streams; on 0/1 error indicators the statistic is just the difference of the two error rates over
 * {@code statSize} values each, so it needs large changes or a larger {@code statSize}. The
 * direction filter compares the two samples' means.
 *
 * <p>Evidence: {@code statistic} (the KS distance), {@code pValue}, {@code meanRecent} and {@code
 * meanSample} of the last test.
 */
public final class KswinDetector implements DriftDetector {

    /** The type name, {@code "kswin"}. */
    public static final String TYPE = "kswin";

    private final KswinConfig config;
    private final double[] ring;
    private final int[] indices;
    private final double[] recent;
    private final double[] sample;
    private int head;
    private int size;
    private SplitMix64 random;
    private long count;
    private long drifts;
    private DriftState last = DriftState.NONE;

    /** Numbers of the last test: statistic, pValue, meanRecent, meanSample. */
    private final double[] lastTest = new double[4];

    private boolean tested;

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public KswinDetector(KswinConfig config) {
        StateChecks.requireNonNull(config, "config");
        this.config = config;
        this.ring = new double[config.windowSize()];
        this.indices = new int[config.windowSize() - config.statSize()];
        this.recent = new double[config.statSize()];
        this.sample = new double[config.statSize()];
        this.random = new SplitMix64(config.seed());
    }

    /** Rebuilds a detector that continues exactly as the one that took the snapshot. */
    public static KswinDetector restore(KswinState state) {
        StateChecks.requireNonNull(state, "state");
        KswinDetector d = new KswinDetector(state.config());
        for (double v : state.window()) {
            d.push(v);
        }
        d.random = new SplitMix64(state.randomState());
        d.count = state.count();
        d.drifts = state.drifts();
        d.last = state.lastState();
        Map<String, Double> e = state.evidence();
        if (e.containsKey("pValue")) {
            d.tested = true;
            d.lastTest[0] = e.getOrDefault("statistic", 0.0);
            d.lastTest[1] = e.get("pValue");
            d.lastTest[2] = e.getOrDefault("meanRecent", 0.0);
            d.lastTest[3] = e.getOrDefault("meanSample", 0.0);
        }
        return d;
    }

    /** The configuration. */
    public KswinConfig config() {
        return config;
    }

    @Override
    public DriftState update(double value) {
        StateChecks.requireValue(value, false, TYPE);
        count++;
        push(value);
        DriftState state = DriftState.NONE;
        if (size == ring.length) {
            int r = config.statSize();
            int older = ring.length - r;
            for (int i = 0; i < r; i++) {
                recent[i] = at(older + i);
            }
            // partial Fisher-Yates: the first r slots become a uniform sample without replacement
            for (int i = 0; i < older; i++) {
                indices[i] = i;
            }
            for (int i = 0; i < r; i++) {
                int j = i + random.nextInt(older - i);
                int t = indices[i];
                indices[i] = indices[j];
                indices[j] = t;
                sample[i] = at(indices[i]);
            }
            double meanRecent = mean(recent);
            double meanSample = mean(sample);
            double statistic = KolmogorovSmirnov.statistic(recent, sample);
            double p = KolmogorovSmirnov.pValue(statistic, r, r);
            tested = true;
            lastTest[0] = statistic;
            lastTest[1] = p;
            lastTest[2] = meanRecent;
            lastTest[3] = meanSample;
            if (config.direction().accepts(meanSample, meanRecent)) {
                if (p < config.alpha()) {
                    state = DriftState.DRIFT;
                } else if (config.warningAlpha() > 0 && p < config.warningAlpha()) {
                    state = DriftState.WARNING;
                }
            }
            if (state == DriftState.DRIFT) {
                drifts++;
                // keep the newest statSize values: they belong to the new regime
                head = (head + older) % ring.length;
                size = r;
            }
        }
        last = state;
        return state;
    }

    private void push(double v) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = v;
            size++;
        } else {
            ring[head] = v;
            head = (head + 1) % ring.length;
        }
    }

    /** The i-th value of the window, oldest first. */
    private double at(int i) {
        return ring[(head + i) % ring.length];
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    @Override
    public DriftState lastState() {
        return last;
    }

    @Override
    public void reset() {
        head = 0;
        size = 0;
        random = new SplitMix64(config.seed());
        count = 0;
        drifts = 0;
        last = DriftState.NONE;
        tested = false;
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
        Map<String, Double> e = new LinkedHashMap<>();
        if (tested) {
            e.put("statistic", lastTest[0]);
            e.put("pValue", lastTest[1]);
            e.put("meanRecent", lastTest[2]);
            e.put("meanSample", lastTest[3]);
        }
        return Collections.unmodifiableMap(e);
    }

    @Override
    public KswinState snapshot() {
        double[] window = new double[size];
        for (int i = 0; i < size; i++) {
            window[i] = at(i);
        }
        return new KswinState(config, count, drifts, last, window, random.state(), evidence());
    }
}
