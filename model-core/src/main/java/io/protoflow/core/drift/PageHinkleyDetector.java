package io.protoflow.core.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Page-Hinkley test (Page, "Continuous inspection schemes", Biometrika 1954), a sequential test
 * for a change of the mean. For increases it accumulates {@code U = max(0, alpha U + x - mean -
 * delta)}, where {@code mean} is the running mean since the last (re)start: {@code U} is the
 * classic statistic {@code m_T - min m_t} (with {@code m_T} the sum of {@code x_t - mean_t -
 * delta}) and a forgetting factor {@code alpha}. Drift is signalled when {@code U > lambda}, and
 * the statistics restart. Decreases use the mirrored sum. Values are any finite numbers.
 *
 * <p>Unlike MOA's {@code PageHinkleyDM}, which accumulates without the {@code max(0, .)}, the
 * statistic cannot sink below zero during a long stable stretch, so the delay of detection does not
 * grow with the length of the stable stretch before the change.
 *
 * <p>Evidence: {@code statistic} (the larger sum of an accepted direction), {@code lambda}, {@code
 * mean} and {@code n}, as of the last value (before a restart).
 */
public final class PageHinkleyDetector implements DriftDetector {

    /** The type name, {@code "page-hinkley"}. */
    public static final String TYPE = "page-hinkley";

    private final PageHinkleyConfig config;
    private long count;
    private long drifts;
    private DriftState last = DriftState.NONE;
    private long n;
    private double mean;
    private double sumUp;
    private double sumDown;

    /** The numbers at the last warning or drift, reported while that is the last state. */
    private Map<String, Double> decisionEvidence = Map.of();

    /** Creates a detector with {@link PageHinkleyConfig#defaults()}. */
    public PageHinkleyDetector() {
        this(PageHinkleyConfig.defaults());
    }

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public PageHinkleyDetector(PageHinkleyConfig config) {
        StateChecks.requireNonNull(config, "config");
        this.config = config;
    }

    /** Rebuilds a detector that continues exactly as the one that took the snapshot. */
    public static PageHinkleyDetector restore(PageHinkleyState state) {
        StateChecks.requireNonNull(state, "state");
        PageHinkleyDetector d = new PageHinkleyDetector(state.config());
        d.count = state.count();
        d.drifts = state.drifts();
        d.last = state.lastState();
        d.n = state.n();
        d.mean = state.mean();
        d.sumUp = state.sumUp();
        d.sumDown = state.sumDown();
        if (d.last != DriftState.NONE) {
            d.decisionEvidence = state.evidence();
        }
        return d;
    }

    /** The configuration. */
    public PageHinkleyConfig config() {
        return config;
    }

    @Override
    public DriftState update(double value) {
        StateChecks.requireValue(value, false, TYPE);
        count++;
        n++;
        mean += (value - mean) / n;
        double a = config.alpha();
        sumUp = Math.max(0, a * sumUp + (value - mean - config.delta()));
        sumDown = Math.max(0, a * sumDown + (mean - value - config.delta()));
        DriftState state = DriftState.NONE;
        if (n >= config.minInstances()) {
            double statistic = statistic();
            if (statistic > config.lambda()) {
                state = DriftState.DRIFT;
            } else if (config.warningLambda() > 0 && statistic > config.warningLambda()) {
                state = DriftState.WARNING;
            }
        }
        last = state;
        if (state != DriftState.NONE) {
            decisionEvidence = currentEvidence();
        }
        if (state == DriftState.DRIFT) {
            drifts++;
            n = 0;
            mean = 0;
            sumUp = 0;
            sumDown = 0;
        }
        return state;
    }

    private double statistic() {
        return switch (config.direction()) {
            case INCREASE -> sumUp;
            case DECREASE -> sumDown;
            case BOTH -> Math.max(sumUp, sumDown);
        };
    }

    private Map<String, Double> currentEvidence() {
        Map<String, Double> e = new LinkedHashMap<>();
        e.put("statistic", statistic());
        e.put("lambda", config.lambda());
        e.put("mean", mean);
        e.put("n", (double) n);
        return Collections.unmodifiableMap(e);
    }

    @Override
    public DriftState lastState() {
        return last;
    }

    @Override
    public void reset() {
        count = 0;
        drifts = 0;
        last = DriftState.NONE;
        n = 0;
        mean = 0;
        sumUp = 0;
        sumDown = 0;
        decisionEvidence = Map.of();
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
        return last == DriftState.NONE ? currentEvidence() : decisionEvidence;
    }

    @Override
    public PageHinkleyState snapshot() {
        return new PageHinkleyState(
                config, count, drifts, last, n, mean, sumUp, sumDown, evidence());
    }
}
