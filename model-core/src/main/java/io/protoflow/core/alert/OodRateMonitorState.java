package io.protoflow.core.alert;

import java.util.Arrays;

/**
 * The state of an {@link OodRateMonitor}.
 *
 * @param config the configuration
 * @param count records seen
 * @param flags the window's OOD flags, oldest first, at most {@code config.window()}
 * @param eventTimes the window's event times, same order and length
 * @param latch the alert latch (its key carries the model id)
 */
public record OodRateMonitorState(
        OodRateConfig config,
        long count,
        boolean[] flags,
        long[] eventTimes,
        AlertLatchState latch) {

    public OodRateMonitorState {
        if (config == null || flags == null || eventTimes == null || latch == null) {
            throw new IllegalArgumentException(
                    "config, flags, eventTimes and latch must not be null");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (flags.length != eventTimes.length || flags.length > config.window()) {
            throw new IllegalArgumentException(
                    "flags and eventTimes must have the same length <= window "
                            + config.window()
                            + ", got "
                            + flags.length
                            + " and "
                            + eventTimes.length);
        }
        if (latch.key().type() != AlertType.OOD_RATE) {
            throw new IllegalArgumentException(
                    "latch key must have type OOD_RATE, got " + latch.key().type());
        }
        flags = flags.clone();
        eventTimes = eventTimes.clone();
    }

    /** A copy of the flags. */
    @Override
    public boolean[] flags() {
        return flags.clone();
    }

    /** A copy of the event times. */
    @Override
    public long[] eventTimes() {
        return eventTimes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OodRateMonitorState s
                && config.equals(s.config)
                && count == s.count
                && Arrays.equals(flags, s.flags)
                && Arrays.equals(eventTimes, s.eventTimes)
                && latch.equals(s.latch);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(
                new Object[] {
                    config, count, Arrays.hashCode(flags), Arrays.hashCode(eventTimes), latch
                });
    }

    @Override
    public String toString() {
        return "OodRateMonitorState[config="
                + config
                + ", count="
                + count
                + ", window="
                + flags.length
                + ", latch="
                + latch
                + "]";
    }
}
