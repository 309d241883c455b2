package io.protoflow.core.drift;

import java.util.Arrays;
import java.util.Map;

/**
 * The state of a {@link KswinDetector}.
 *
 * @param config the configuration
 * @param count values consumed since construction or reset
 * @param drifts drifts reported
 * @param lastState the state of the last update
 * @param window the values in the window, oldest first, at most windowSize
 * @param randomState the state of the sampling generator
 * @param evidence the numbers behind the last decision
 */
public record KswinState(
        KswinConfig config,
        long count,
        long drifts,
        DriftState lastState,
        double[] window,
        long randomState,
        Map<String, Double> evidence)
        implements ScalarDetectorState {

    public KswinState {
        StateChecks.requireNonNull(config, "config");
        StateChecks.requireNonNegative(count, "count");
        StateChecks.requireNonNegative(drifts, "drifts");
        StateChecks.requireNonNull(lastState, "lastState");
        StateChecks.requireNonNull(window, "window");
        if (window.length > config.windowSize()) {
            throw new IllegalArgumentException(
                    "window holds "
                            + window.length
                            + " values, more than windowSize "
                            + config.windowSize());
        }
        for (int i = 0; i < window.length; i++) {
            StateChecks.requireFinite(window[i], "window[" + i + "]");
        }
        window = window.clone();
        evidence = StateChecks.evidence(evidence);
    }

    @Override
    public String type() {
        return KswinDetector.TYPE;
    }

    /** A copy of the window, oldest first. */
    @Override
    public double[] window() {
        return window.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KswinState s
                && config.equals(s.config)
                && count == s.count
                && drifts == s.drifts
                && lastState == s.lastState
                && Arrays.equals(window, s.window)
                && randomState == s.randomState
                && evidence.equals(s.evidence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(
                new Object[] {
                    config, count, drifts, lastState, Arrays.hashCode(window), randomState, evidence
                });
    }

    @Override
    public String toString() {
        return "KswinState[config="
                + config
                + ", count="
                + count
                + ", drifts="
                + drifts
                + ", window="
                + window.length
                + " values]";
    }
}
