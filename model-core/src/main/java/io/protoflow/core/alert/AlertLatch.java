package io.protoflow.core.alert;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hysteresis for one alert key: turns a stream of condition checks ({@link Observation}) into at
 * most one RAISED event per episode and one RESOLVED event when the condition has stayed clear
 * ({@link HysteresisConfig}). While an alert is open, further checks that hold only postpone its
 * resolution; a check that holds once amid clear ones restarts the clear count instead of raising
 * anew. Not thread-safe; state is {@link #snapshot()}, restored by {@link #restore}.
 *
 * <p>Windows: an observation's own window is used when it has one; otherwise a RAISED event covers
 * the checks from the first of the run that raised it to this one, and a RESOLVED event the whole
 * episode from that first check to the resolving one. Event ids are {@code alertKey#n/raised} and
 * {@code alertKey#n/resolved} for the n-th alert of the key, so replays produce the same ids.
 */
public final class AlertLatch {

    private final AlertKey key;
    private final HysteresisConfig config;
    private boolean raised;
    private long sequence;
    private int consecutiveHolds;
    private long runStartMillis;
    private long consecutiveClear;
    private long episodeStartMillis;
    private long episodeChecks;
    private long raisedAtMillis;
    private AlertSeverity raisedSeverity = AlertSeverity.WARNING;
    private long lastHoldMillis;

    /**
     * Creates a latch with no open alert.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public AlertLatch(AlertKey key, HysteresisConfig config) {
        if (key == null || config == null) {
            throw new IllegalArgumentException("key and config must not be null");
        }
        this.key = key;
        this.config = config;
    }

    /** Rebuilds a latch that continues exactly as the one that took the snapshot. */
    public static AlertLatch restore(AlertLatchState s) {
        if (s == null) {
            throw new IllegalArgumentException("state is null");
        }
        AlertLatch l = new AlertLatch(s.key(), s.config());
        l.raised = s.raised();
        l.sequence = s.sequence();
        l.consecutiveHolds = s.consecutiveHolds();
        l.runStartMillis = s.runStartMillis();
        l.consecutiveClear = s.consecutiveClear();
        l.episodeStartMillis = s.episodeStartMillis();
        l.episodeChecks = s.episodeChecks();
        l.raisedAtMillis = s.raisedAtMillis();
        l.raisedSeverity = s.raisedSeverity();
        l.lastHoldMillis = s.lastHoldMillis();
        return l;
    }

    /** The key. */
    public AlertKey key() {
        return key;
    }

    /** The hysteresis. */
    public HysteresisConfig config() {
        return config;
    }

    /** Whether an alert is open (raised and not yet resolved). */
    public boolean raised() {
        return raised;
    }

    /** Alerts raised so far. */
    public long sequence() {
        return sequence;
    }

    /**
     * Feeds one check.
     *
     * @return the RAISED or RESOLVED event this check caused, if any
     * @throws IllegalArgumentException if {@code o} is null
     */
    public Optional<Alert> observe(Observation o) {
        if (o == null) {
            throw new IllegalArgumentException("observation is null");
        }
        if (!raised) {
            if (!o.holds()) {
                consecutiveHolds = 0;
                return Optional.empty();
            }
            if (consecutiveHolds == 0) {
                runStartMillis = o.eventTimeMillis();
            }
            consecutiveHolds++;
            if (consecutiveHolds < config.raiseAfter()) {
                return Optional.empty();
            }
            raised = true;
            sequence++;
            episodeStartMillis = runStartMillis;
            episodeChecks = consecutiveHolds;
            consecutiveHolds = 0;
            consecutiveClear = 0;
            raisedAtMillis = o.processingTimeMillis();
            raisedSeverity = o.severity();
            lastHoldMillis = o.eventTimeMillis();
            AlertWindow window =
                    o.window() != null
                            ? o.window()
                            : window(episodeStartMillis, o.eventTimeMillis(), episodeChecks);
            return Optional.of(
                    event(o, AlertStatus.RAISED, window, o.message(), OptionalLong.empty()));
        }
        episodeChecks++;
        if (o.holds()) {
            consecutiveClear = 0;
            lastHoldMillis = Math.max(lastHoldMillis, o.eventTimeMillis());
            return Optional.empty();
        }
        consecutiveClear++;
        long clearMillis = o.eventTimeMillis() - lastHoldMillis;
        if (consecutiveClear < config.clearAfter()
                || (config.clearAfterMillis() > 0 && clearMillis < config.clearAfterMillis())) {
            return Optional.empty();
        }
        AlertWindow window =
                o.window() != null
                        ? o.window()
                        : window(episodeStartMillis, o.eventTimeMillis(), episodeChecks);
        String message =
                String.format(
                        Locale.ROOT,
                        "Resolved %s: the condition was clear on %d consecutive checks (%d ms of"
                                + " event time since it last held). %s",
                        key.value(),
                        consecutiveClear,
                        clearMillis,
                        o.message());
        Alert resolved =
                event(
                        o,
                        AlertStatus.RESOLVED,
                        window,
                        message.trim(),
                        OptionalLong.of(Math.max(raisedAtMillis, o.processingTimeMillis())));
        raised = false;
        consecutiveClear = 0;
        return Optional.of(resolved);
    }

    private static AlertWindow window(long start, long end, long records) {
        return new AlertWindow(Math.min(start, end), Math.max(start, end), records);
    }

    private Alert event(
            Observation o,
            AlertStatus status,
            AlertWindow window,
            String message,
            OptionalLong resolvedAt) {
        Map<String, Double> evidence = o.evidence();
        return new Alert(
                key.value() + "#" + sequence + "/" + status.name().toLowerCase(Locale.ROOT),
                key.value(),
                key.modelId(),
                o.modelVersion(),
                key.type(),
                raisedSeverity,
                status,
                key.detector(),
                window,
                evidence,
                o.details(),
                message,
                raisedAtMillis,
                resolvedAt,
                Optional.empty());
    }

    /** The latch's whole state as an immutable value. */
    public AlertLatchState snapshot() {
        return new AlertLatchState(
                key,
                config,
                raised,
                sequence,
                consecutiveHolds,
                runStartMillis,
                consecutiveClear,
                episodeStartMillis,
                episodeChecks,
                raisedAtMillis,
                raisedSeverity,
                lastHoldMillis);
    }
}
