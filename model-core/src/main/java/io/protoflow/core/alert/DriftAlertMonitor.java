package io.protoflow.core.alert;

import io.protoflow.core.drift.DriftDetector;
import io.protoflow.core.drift.DriftDetectors;
import io.protoflow.core.drift.DriftState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A scalar {@link DriftDetector} with alert hysteresis: raises an {@link AlertType#DRIFT} alert
 * when the detector reports {@link DriftState#DRIFT}, keeps it open while the detector keeps
 * reporting drift or warning, and resolves it after {@code clearAfter} values without either
 * ({@link DriftAlertConfig}). Typical use: one per model on its prequential error indicators.
 *
 * <p>The RAISED event's window spans the values since the monitor started or the last alert
 * resolved; the RESOLVED event's the alert's whole episode. Evidence is the detector's ({@link
 * DriftDetector#evidence()}) plus {@code records}, the values it has seen. Not thread-safe; state
 * is {@link #snapshot()}, restored by {@link #restore}.
 */
public final class DriftAlertMonitor {

    private final DriftAlertConfig config;
    private final DriftDetector detector;
    private final AlertLatch latch;
    private long segmentStartMillis;
    private long segmentRecords;

    /**
     * Creates a monitor around a detector, which it owns from now on.
     *
     * @throws IllegalArgumentException if an argument is null or {@code modelId} is blank
     */
    public DriftAlertMonitor(String modelId, DriftDetector detector, DriftAlertConfig config) {
        this(
                requireNonNull(config, "config"),
                requireNonNull(detector, "detector"),
                new AlertLatch(
                        new AlertKey(modelId, AlertType.DRIFT, config.detectorName()),
                        config.hysteresis()));
    }

    private DriftAlertMonitor(DriftAlertConfig config, DriftDetector detector, AlertLatch latch) {
        this.config = config;
        this.detector = detector;
        this.latch = latch;
    }

    private static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        return value;
    }

    /** Rebuilds a monitor that continues exactly as the one that took the snapshot. */
    public static DriftAlertMonitor restore(DriftAlertMonitorState s) {
        requireNonNull(s, "state");
        DriftAlertMonitor m =
                new DriftAlertMonitor(
                        s.config(),
                        DriftDetectors.restore(s.detector()),
                        AlertLatch.restore(s.latch()));
        m.segmentStartMillis = s.segmentStartMillis();
        m.segmentRecords = s.segmentRecords();
        return m;
    }

    /** The configuration. */
    public DriftAlertConfig config() {
        return config;
    }

    /** The alert key, {@code modelId/DRIFT/detectorName}. */
    public AlertKey key() {
        return latch.key();
    }

    /** The detector (owned by this monitor: feed values through {@link #update} only). */
    public DriftDetector detector() {
        return detector;
    }

    /** Whether a DRIFT alert is open. */
    public boolean raised() {
        return latch.raised();
    }

    /**
     * Feeds one value to the detector.
     *
     * @param value the stream value, e.g. 1 if the model got this record wrong, 0 if right
     * @param eventTimeMillis the record's event time
     * @param processingTimeMillis processing time now
     * @param modelVersion last published snapshot version of the model
     * @return the RAISED or RESOLVED alert this value caused, if any
     * @throws IllegalArgumentException if the detector rejects the value
     */
    public Optional<Alert> update(
            double value, long eventTimeMillis, long processingTimeMillis, long modelVersion) {
        DriftState state = detector.update(value);
        if (segmentRecords == 0) {
            segmentStartMillis = eventTimeMillis;
        }
        segmentRecords++;
        boolean holds =
                state == DriftState.DRIFT || (latch.raised() && state == DriftState.WARNING);
        if (!holds && !latch.raised()) {
            return latch.observe(
                    new Observation(
                            false,
                            config.severity(),
                            eventTimeMillis,
                            processingTimeMillis,
                            modelVersion,
                            null,
                            Map.of(),
                            Map.of(),
                            ""));
        }
        Map<String, Double> evidence = new LinkedHashMap<>(detector.evidence());
        evidence.put("records", (double) detector.count());
        String numbers = describe(evidence);
        String message =
                holds
                        ? String.format(
                                Locale.ROOT,
                                "%s detected %s in the %s of model '%s' at value %d: %s.",
                                config.detectorName(),
                                state == DriftState.DRIFT ? "a drift" : "a continuing warning",
                                config.streamName(),
                                latch.key().modelId(),
                                detector.count(),
                                numbers)
                        : String.format(
                                Locale.ROOT,
                                "%s reports no drift in the %s of model '%s' at value %d (%s).",
                                config.detectorName(),
                                config.streamName(),
                                latch.key().modelId(),
                                detector.count(),
                                numbers);
        AlertWindow window =
                latch.raised()
                        ? null
                        : new AlertWindow(
                                Math.min(segmentStartMillis, eventTimeMillis),
                                Math.max(segmentStartMillis, eventTimeMillis),
                                segmentRecords);
        Optional<Alert> event =
                latch.observe(
                        new Observation(
                                holds,
                                config.severity(),
                                eventTimeMillis,
                                processingTimeMillis,
                                modelVersion,
                                window,
                                evidence,
                                details(),
                                message));
        if (event.isPresent() && event.get().status() == AlertStatus.RESOLVED) {
            segmentRecords = 0;
        }
        return event;
    }

    private Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("detectorType", detector.type());
        details.put("stream", config.streamName());
        return details;
    }

    private static String describe(Map<String, Double> evidence) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : evidence.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            double v = e.getValue();
            sb.append(e.getKey()).append('=');
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                sb.append((long) v);
            } else {
                sb.append(String.format(Locale.ROOT, "%.4g", v));
            }
        }
        return sb.toString();
    }

    /** The monitor's whole state (detector included) as an immutable value. */
    public DriftAlertMonitorState snapshot() {
        return new DriftAlertMonitorState(
                config, detector.snapshot(), latch.snapshot(), segmentStartMillis, segmentRecords);
    }
}
