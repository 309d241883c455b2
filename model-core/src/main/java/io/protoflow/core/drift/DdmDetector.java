package io.protoflow.core.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo and Rodrigues ("Learning with drift
 * detection", SBIA 2004), for streams of error indicators (1 = the model was wrong, 0 = right). It
 * models the number of errors as binomial: after {@code n} values the error rate is {@code p} with
 * standard deviation {@code s = sqrt(p (1 - p) / n)}, and it remembers {@code pMin, sMin} where
 * {@code p + s} was lowest. It warns when {@code p + s >= pMin + warningLevel * sMin} and signals
 * drift when {@code p + s >= pMin + driftLevel * sMin}, then restarts its statistics so the next
 * concept is judged on its own. Only increases of the error rate are detected.
 *
 * <p>Values must be in [0, 1]. Known limitation of the method: if the first {@code minInstances}
 * values hold no error, {@code sMin} is 0 and the first error signals drift; a longer {@code
 * minInstances} avoids it on very accurate models.
 *
 * <p>Evidence: {@code errorRate}, {@code std}, {@code minErrorRate}, {@code minStd}, {@code
 * warningThreshold}, {@code driftThreshold} (the thresholds on {@code p + s}) and {@code n}, as of
 * the last value (before a restart).
 */
public final class DdmDetector implements DriftDetector {

    /** The type name, {@code "ddm"}. */
    public static final String TYPE = "ddm";

    private final DdmConfig config;
    private long count;
    private long drifts;
    private DriftState last = DriftState.NONE;
    private long n;
    private double p;
    private double pMin = Double.POSITIVE_INFINITY;
    private double sMin = Double.POSITIVE_INFINITY;

    /** The numbers at the last warning or drift, reported while that is the last state. */
    private Map<String, Double> decisionEvidence = Map.of();

    /** Creates a detector with {@link DdmConfig#defaults()}. */
    public DdmDetector() {
        this(DdmConfig.defaults());
    }

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if {@code config} is null
     */
    public DdmDetector(DdmConfig config) {
        StateChecks.requireNonNull(config, "config");
        this.config = config;
    }

    /** Rebuilds a detector that continues exactly as the one that took the snapshot. */
    public static DdmDetector restore(DdmState state) {
        StateChecks.requireNonNull(state, "state");
        DdmDetector d = new DdmDetector(state.config());
        d.count = state.count();
        d.drifts = state.drifts();
        d.last = state.lastState();
        d.n = state.n();
        d.p = state.errorRate();
        d.pMin = state.minErrorRate();
        d.sMin = state.minStd();
        if (d.last != DriftState.NONE) {
            d.decisionEvidence = state.evidence();
        }
        return d;
    }

    /** The configuration. */
    public DdmConfig config() {
        return config;
    }

    @Override
    public DriftState update(double value) {
        StateChecks.requireValue(value, true, TYPE);
        count++;
        n++;
        p += (value - p) / n;
        double s = Math.sqrt(p * (1 - p) / n);
        DriftState state = DriftState.NONE;
        if (n >= config.minInstances()) {
            if (p + s <= pMin + sMin) {
                pMin = p;
                sMin = s;
            }
            // strict comparisons: with sMin = 0 an unchanged error rate must not fire
            if (p + s > pMin + config.driftLevel() * sMin) {
                state = DriftState.DRIFT;
            } else if (p + s > pMin + config.warningLevel() * sMin) {
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
            p = 0;
            pMin = Double.POSITIVE_INFINITY;
            sMin = Double.POSITIVE_INFINITY;
        }
        return state;
    }

    private Map<String, Double> currentEvidence() {
        double s = n == 0 ? 0 : Math.sqrt(p * (1 - p) / n);
        Map<String, Double> e = new LinkedHashMap<>();
        e.put("errorRate", p);
        e.put("std", s);
        e.put("minErrorRate", pMin);
        e.put("minStd", sMin);
        e.put("warningThreshold", pMin + config.warningLevel() * sMin);
        e.put("driftThreshold", pMin + config.driftLevel() * sMin);
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
        p = 0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
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
    public DdmState snapshot() {
        return new DdmState(config, count, drifts, last, n, p, pMin, sMin, evidence());
    }
}
