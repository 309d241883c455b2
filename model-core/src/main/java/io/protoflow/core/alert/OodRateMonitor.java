package io.protoflow.core.alert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the rate of out-of-distribution flags of one model over a sliding window of records and
 * raises an {@link AlertType#OOD_RATE} alert (detector {@value #DETECTOR}) when it is well above
 * the rate the scorer flags on in-distribution data: above {@code factor * targetRate} and
 * binomially unlikely under {@code targetRate} ({@link OodRateConfig}). An {@link AlertLatch} adds
 * hysteresis, so a rate hovering around the threshold raises once and resolves once after it has
 * stayed below for the configured number of records.
 *
 * <p>Evidence: {@code oodRate}, {@code targetRate}, {@code threshold}, {@code pValue}, {@code
 * flagged} and {@code windowRecords}. The alert window spans the event times of the records in the
 * sliding window. Not thread-safe; state is {@link #snapshot()}, restored by {@link #restore}.
 */
public final class OodRateMonitor {

    /** The detector name in alerts, {@code "ood-rate"}. */
    public static final String DETECTOR = "ood-rate";

    private final OodRateConfig config;
    private final AlertLatch latch;
    private final BinomialTail tail;
    private final boolean[] flags;
    private final long[] eventTimes;
    private int head;
    private int size;
    private int flagged;
    private long count;

    /**
     * Creates a monitor for one model.
     *
     * @throws IllegalArgumentException if {@code modelId} is blank or {@code config} is null
     */
    public OodRateMonitor(String modelId, OodRateConfig config) {
        this(
                config,
                new AlertLatch(
                        new AlertKey(modelId, AlertType.OOD_RATE, DETECTOR),
                        requireHysteresis(config)));
    }

    private static HysteresisConfig requireHysteresis(OodRateConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        return config.hysteresis();
    }

    private OodRateMonitor(OodRateConfig config, AlertLatch latch) {
        this.config = config;
        this.latch = latch;
        this.tail = new BinomialTail(config.window());
        this.flags = new boolean[config.window()];
        this.eventTimes = new long[config.window()];
    }

    /** Rebuilds a monitor that continues exactly as the one that took the snapshot. */
    public static OodRateMonitor restore(OodRateMonitorState s) {
        if (s == null) {
            throw new IllegalArgumentException("state is null");
        }
        OodRateMonitor m = new OodRateMonitor(s.config(), AlertLatch.restore(s.latch()));
        boolean[] f = s.flags();
        long[] t = s.eventTimes();
        for (int i = 0; i < f.length; i++) {
            m.push(f[i], t[i]);
        }
        m.count = s.count();
        return m;
    }

    /** The configuration. */
    public OodRateConfig config() {
        return config;
    }

    /** The alert key, {@code modelId/OOD_RATE/ood-rate}. */
    public AlertKey key() {
        return latch.key();
    }

    /** Whether an OOD_RATE alert is open. */
    public boolean raised() {
        return latch.raised();
    }

    /** Records seen. */
    public long count() {
        return count;
    }

    /** The OOD rate over the current window; 0 when empty. */
    public double rate() {
        return size == 0 ? 0 : (double) flagged / size;
    }

    /**
     * Feeds one record's out-of-distribution flag.
     *
     * @param ood whether the scorer flagged the record
     * @param eventTimeMillis the record's event time
     * @param processingTimeMillis processing time now
     * @param modelVersion last published snapshot version of the model
     * @return the RAISED or RESOLVED alert this record caused, if any
     */
    public Optional<Alert> update(
            boolean ood, long eventTimeMillis, long processingTimeMillis, long modelVersion) {
        count++;
        push(ood, eventTimeMillis);
        if (size < flags.length) {
            return Optional.empty();
        }
        double rate = rate();
        double threshold = config.factor() * config.targetRate();
        boolean above = rate > threshold;
        double p = above ? tail.upper(flagged, config.targetRate()) : 1.0;
        boolean holds = above && p <= config.maxPValue();
        if (!holds && !latch.raised()) {
            // the common case: nothing open, nothing to report; skip building the evidence
            return latch.observe(quietClear(eventTimeMillis, processingTimeMillis, modelVersion));
        }
        if (!above) {
            p = tail.upper(flagged, config.targetRate());
        }
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("oodRate", rate);
        evidence.put("targetRate", config.targetRate());
        evidence.put("threshold", threshold);
        evidence.put("pValue", p);
        evidence.put("flagged", (double) flagged);
        evidence.put("windowRecords", (double) size);
        AlertSeverity severity =
                rate >= config.criticalFactor() * config.targetRate()
                        ? AlertSeverity.CRITICAL
                        : AlertSeverity.WARNING;
        String message =
                holds
                        ? String.format(
                                Locale.ROOT,
                                "OOD rate %.3f over the last %d records of model '%s' is above"
                                        + " %.1f x the target rate %.3f (%d flagged, binomial p ="
                                        + " %.2g).",
                                rate,
                                size,
                                latch.key().modelId(),
                                config.factor(),
                                config.targetRate(),
                                flagged,
                                p)
                        : String.format(
                                Locale.ROOT,
                                "OOD rate of model '%s' is %.3f over the last %d records, at or"
                                        + " below the threshold %.3f or not significant (binomial"
                                        + " p = %.2g).",
                                latch.key().modelId(),
                                rate,
                                size,
                                threshold,
                                p);
        return latch.observe(
                new Observation(
                        holds,
                        severity,
                        eventTimeMillis,
                        processingTimeMillis,
                        modelVersion,
                        window(),
                        evidence,
                        Map.of("targetRate", Double.toString(config.targetRate())),
                        message));
    }

    private static Observation quietClear(long eventTime, long processingTime, long version) {
        return new Observation(
                false,
                AlertSeverity.INFO,
                eventTime,
                processingTime,
                version,
                null,
                Map.of(),
                Map.of(),
                "");
    }

    private AlertWindow window() {
        long start = eventTimes[head];
        long end = eventTimes[(head + size - 1) % flags.length];
        long lo = Math.min(start, end);
        long hi = Math.max(start, end);
        return new AlertWindow(lo, hi, size);
    }

    private void push(boolean ood, long eventTime) {
        if (size < flags.length) {
            int slot = (head + size) % flags.length;
            flags[slot] = ood;
            eventTimes[slot] = eventTime;
            size++;
        } else {
            if (flags[head]) {
                flagged--;
            }
            flags[head] = ood;
            eventTimes[head] = eventTime;
            head = (head + 1) % flags.length;
        }
        if (ood) {
            flagged++;
        }
    }

    /** The monitor's whole state as an immutable value. */
    public OodRateMonitorState snapshot() {
        boolean[] f = new boolean[size];
        long[] t = new long[size];
        for (int i = 0; i < size; i++) {
            f[i] = flags[(head + i) % flags.length];
            t[i] = eventTimes[(head + i) % flags.length];
        }
        return new OodRateMonitorState(config, count, f, t, latch.snapshot());
    }
}
