package io.protoflow.core.drift;

import java.util.Map;

/**
 * The state of a {@link DdmDetector}.
 *
 * @param config the configuration
 * @param count values consumed since construction or reset
 * @param drifts drifts reported
 * @param lastState the state of the last update
 * @param n values since the last (re)start of the statistics
 * @param errorRate the error rate {@code p} over those values
 * @param minErrorRate {@code pMin} at the minimum of {@code p + s}; +infinity before it is set
 * @param minStd {@code sMin} at the minimum of {@code p + s}; +infinity before it is set
 * @param evidence the numbers behind the last decision
 */
public record DdmState(
        DdmConfig config,
        long count,
        long drifts,
        DriftState lastState,
        long n,
        double errorRate,
        double minErrorRate,
        double minStd,
        Map<String, Double> evidence)
        implements ScalarDetectorState {

    public DdmState {
        StateChecks.requireNonNull(config, "config");
        StateChecks.requireNonNegative(count, "count");
        StateChecks.requireNonNegative(drifts, "drifts");
        StateChecks.requireNonNull(lastState, "lastState");
        StateChecks.requireNonNegative(n, "n");
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be in [0, 1], got " + errorRate);
        }
        if (!(minErrorRate >= 0)) {
            throw new IllegalArgumentException(
                    "minErrorRate must be >= 0 or +infinity, got " + minErrorRate);
        }
        if (!(minStd >= 0)) {
            throw new IllegalArgumentException("minStd must be >= 0 or +infinity, got " + minStd);
        }
        evidence = StateChecks.evidence(evidence);
    }

    @Override
    public String type() {
        return DdmDetector.TYPE;
    }
}
