package io.protoflow.core.alert;

/**
 * Parameters of {@link OodRateMonitor}.
 *
 * @param targetRate the fraction of records an out-of-distribution scorer flags on in-distribution
 *     data (its calibrated false-positive rate, e.g. 0.05 for a 95th-percentile threshold); in (0,
 *     1)
 * @param window the sliding window of records the rate is measured over; >= 10, default {@value
 *     #DEFAULT_WINDOW}
 * @param factor the condition holds when the window's rate exceeds {@code factor * targetRate}; >
 *     1, default {@value #DEFAULT_FACTOR}
 * @param maxPValue and when a rate that high is unlikely under the target: the binomial tail {@code
 *     P(X >= flagged | window, targetRate)} is at most this; in (0, 1], default {@value
 *     #DEFAULT_MAX_P_VALUE} (1 disables the test)
 * @param criticalFactor a raise is CRITICAL when the rate is at least {@code criticalFactor *
 *     targetRate} at the check that raises it, else WARNING (an open alert is not escalated); >=
 *     factor, default {@value #DEFAULT_CRITICAL_FACTOR}
 * @param hysteresis when to raise and resolve; by default raise on the first check that holds and
 *     resolve after one full window of clear checks (a rate hovering just above the threshold for
 *     long can then resolve and re-raise; 4 windows kept such a rate to one episode in the tests)
 */
public record OodRateConfig(
        double targetRate,
        int window,
        double factor,
        double maxPValue,
        double criticalFactor,
        HysteresisConfig hysteresis) {

    /** Default {@link #window}. */
    public static final int DEFAULT_WINDOW = 500;

    /** Default {@link #factor}. */
    public static final double DEFAULT_FACTOR = 2.0;

    /** Default {@link #maxPValue}. */
    public static final double DEFAULT_MAX_P_VALUE = 0.001;

    /** Default {@link #criticalFactor}. */
    public static final double DEFAULT_CRITICAL_FACTOR = 4.0;

    public OodRateConfig {
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new IllegalArgumentException("targetRate must be in (0, 1), got " + targetRate);
        }
        if (window < 10) {
            throw new IllegalArgumentException("window must be >= 10, got " + window);
        }
        if (!(factor > 1 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("factor must be finite and > 1, got " + factor);
        }
        if (!(maxPValue > 0 && maxPValue <= 1)) {
            throw new IllegalArgumentException("maxPValue must be in (0, 1], got " + maxPValue);
        }
        if (!(criticalFactor >= factor && Double.isFinite(criticalFactor))) {
            throw new IllegalArgumentException(
                    "criticalFactor must be finite and >= factor ("
                            + factor
                            + "), got "
                            + criticalFactor);
        }
        if (hysteresis == null) {
            throw new IllegalArgumentException("hysteresis is null");
        }
    }

    /** The defaults for a target rate: window 500, factor 2, p <= 0.001, resolve after 500. */
    public static OodRateConfig defaults(double targetRate) {
        return new OodRateConfig(
                targetRate,
                DEFAULT_WINDOW,
                DEFAULT_FACTOR,
                DEFAULT_MAX_P_VALUE,
                DEFAULT_CRITICAL_FACTOR,
                new HysteresisConfig(1, DEFAULT_WINDOW, 0));
    }

    /** This configuration with another hysteresis. */
    public OodRateConfig withHysteresis(HysteresisConfig newHysteresis) {
        return new OodRateConfig(
                targetRate, window, factor, maxPValue, criticalFactor, newHysteresis);
    }
}
