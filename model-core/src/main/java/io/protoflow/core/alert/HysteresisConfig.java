package io.protoflow.core.alert;

/**
 * When an {@link AlertLatch} raises and resolves. A condition that flaps around its threshold
 * raises once, and resolves only after it has stayed clear, so a persistent or noisy condition
 * makes one RAISED and later one RESOLVED event, never a storm.
 *
 * @param raiseAfter raise when the condition held on this many consecutive checks; >= 1, default
 *     {@value #DEFAULT_RAISE_AFTER}
 * @param clearAfter resolve only after the condition was clear on this many consecutive checks; >=
 *     1, default {@value #DEFAULT_CLEAR_AFTER}
 * @param clearAfterMillis and, when > 0, only after at least this much event time has passed since
 *     the last check on which it held; >= 0, default 0 (checks only)
 */
public record HysteresisConfig(int raiseAfter, long clearAfter, long clearAfterMillis) {

    /** Default {@link #raiseAfter}. */
    public static final int DEFAULT_RAISE_AFTER = 1;

    /** Default {@link #clearAfter}. */
    public static final long DEFAULT_CLEAR_AFTER = 1000;

    public HysteresisConfig {
        if (raiseAfter < 1) {
            throw new IllegalArgumentException("raiseAfter must be >= 1, got " + raiseAfter);
        }
        if (clearAfter < 1) {
            throw new IllegalArgumentException("clearAfter must be >= 1, got " + clearAfter);
        }
        if (clearAfterMillis < 0) {
            throw new IllegalArgumentException(
                    "clearAfterMillis must be >= 0, got " + clearAfterMillis);
        }
    }

    /** Raise on the first check that holds, resolve after 1000 clear checks. */
    public static HysteresisConfig defaults() {
        return new HysteresisConfig(DEFAULT_RAISE_AFTER, DEFAULT_CLEAR_AFTER, 0);
    }
}
