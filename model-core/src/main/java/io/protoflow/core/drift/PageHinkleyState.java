package io.protoflow.core.drift;

import java.util.Map;

/**
 * The state of a {@link PageHinkleyDetector}.
 *
 * @param config the configuration
 * @param count values consumed since construction or reset
 * @param drifts drifts reported
 * @param lastState the state of the last update
 * @param n values since the last (re)start of the statistics
 * @param mean the mean of those values
 * @param sumUp the cumulative statistic for increases, >= 0
 * @param sumDown the cumulative statistic for decreases, >= 0
 * @param evidence the numbers behind the last decision
 */
public record PageHinkleyState(
        PageHinkleyConfig config,
        long count,
        long drifts,
        DriftState lastState,
        long n,
        double mean,
        double sumUp,
        double sumDown,
        Map<String, Double> evidence)
        implements ScalarDetectorState {

    public PageHinkleyState {
        StateChecks.requireNonNull(config, "config");
        StateChecks.requireNonNegative(count, "count");
        StateChecks.requireNonNegative(drifts, "drifts");
        StateChecks.requireNonNull(lastState, "lastState");
        StateChecks.requireNonNegative(n, "n");
        StateChecks.requireFinite(mean, "mean");
        StateChecks.requireFiniteNonNegative(sumUp, "sumUp");
        StateChecks.requireFiniteNonNegative(sumDown, "sumDown");
        evidence = StateChecks.evidence(evidence);
    }

    @Override
    public String type() {
        return PageHinkleyDetector.TYPE;
    }
}
