package io.protoflow.core.alert;

/**
 * The state of an {@link AlertLatch}.
 *
 * @param key the alert key
 * @param config the hysteresis
 * @param raised whether an alert is open
 * @param sequence alerts raised so far (the open one included)
 * @param consecutiveHolds checks in a row on which the condition held, while not raised
 * @param runStartMillis event time of the first of those checks
 * @param consecutiveClear checks in a row on which the condition was clear, while raised
 * @param episodeStartMillis event time of the first check of the open alert's run
 * @param episodeChecks checks since that one, inclusive
 * @param raisedAtMillis processing time of the open alert's raise
 * @param raisedSeverity severity of the open alert
 * @param lastHoldMillis event time of the last check on which the condition held
 */
public record AlertLatchState(
        AlertKey key,
        HysteresisConfig config,
        boolean raised,
        long sequence,
        int consecutiveHolds,
        long runStartMillis,
        long consecutiveClear,
        long episodeStartMillis,
        long episodeChecks,
        long raisedAtMillis,
        AlertSeverity raisedSeverity,
        long lastHoldMillis) {

    public AlertLatchState {
        if (key == null || config == null || raisedSeverity == null) {
            throw new IllegalArgumentException("key, config and raisedSeverity must not be null");
        }
        if (sequence < 0 || consecutiveHolds < 0 || consecutiveClear < 0 || episodeChecks < 0) {
            throw new IllegalArgumentException(
                    "counters must be >= 0, got sequence "
                            + sequence
                            + ", consecutiveHolds "
                            + consecutiveHolds
                            + ", consecutiveClear "
                            + consecutiveClear
                            + ", episodeChecks "
                            + episodeChecks);
        }
        if (raised && sequence == 0) {
            throw new IllegalArgumentException("raised latch must have sequence >= 1, got 0");
        }
    }
}
