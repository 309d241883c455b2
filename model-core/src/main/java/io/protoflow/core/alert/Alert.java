package io.protoflow.core.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A raised or resolved alert about a model. Mirrors the Avro record {@code Alert}
 * (schemas/src/main/avro/Alert.avsc) field by field, so a stream-jobs mapper converts it 1:1:
 * {@code alertKey} is {@link AlertKey#value()}, the enums have the same symbols (minus Avro's
 * reader-side {@code UNKNOWN}), {@code raisedAt}/{@code resolvedAt} are milliseconds, and {@link
 * #novelClass()} is empty where Avro has null.
 *
 * @param alertId unique id of this event: {@code alertKey#sequence/raised} or {@code .../resolved}
 *     (deterministic, so a replayed job emits the same ids)
 * @param alertKey the de-duplication key, {@code modelId/TYPE/detector}
 * @param modelId the model
 * @param modelVersion last published snapshot version when the event was emitted, >= 0
 * @param type the kind of condition
 * @param severity how urgent
 * @param status RAISED or RESOLVED
 * @param detector the detector that fired
 * @param window the stretch of the stream the evidence was computed over
 * @param evidence the numbers behind the decision (copied, order kept)
 * @param details free-form context (copied, order kept)
 * @param message one sentence with the numbers
 * @param raisedAtMillis processing time when the condition was raised (the same on RESOLVED)
 * @param resolvedAtMillis processing time when it cleared; present exactly on RESOLVED
 * @param novelClass the candidate class; present only on {@link AlertType#NOVEL_CLASS}
 */
public record Alert(
        String alertId,
        String alertKey,
        String modelId,
        long modelVersion,
        AlertType type,
        AlertSeverity severity,
        AlertStatus status,
        String detector,
        AlertWindow window,
        Map<String, Double> evidence,
        Map<String, String> details,
        String message,
        long raisedAtMillis,
        OptionalLong resolvedAtMillis,
        Optional<NovelClass> novelClass) {

    public Alert {
        requireText(alertId, "alertId");
        requireText(alertKey, "alertKey");
        requireText(modelId, "modelId");
        if (modelVersion < 0) {
            throw new IllegalArgumentException("modelVersion must be >= 0, got " + modelVersion);
        }
        requireNonNull(type, "type");
        requireNonNull(severity, "severity");
        requireNonNull(status, "status");
        requireText(detector, "detector");
        requireNonNull(window, "window");
        requireNonNull(evidence, "evidence");
        requireNonNull(details, "details");
        requireNonNull(message, "message");
        requireNonNull(resolvedAtMillis, "resolvedAtMillis");
        requireNonNull(novelClass, "novelClass");
        if ((status == AlertStatus.RESOLVED) != resolvedAtMillis.isPresent()) {
            throw new IllegalArgumentException(
                    "resolvedAtMillis must be present exactly when status is RESOLVED, got status "
                            + status
                            + " and resolvedAtMillis "
                            + resolvedAtMillis);
        }
        if (resolvedAtMillis.isPresent() && resolvedAtMillis.getAsLong() < raisedAtMillis) {
            throw new IllegalArgumentException(
                    "resolvedAtMillis must be >= raisedAtMillis "
                            + raisedAtMillis
                            + ", got "
                            + resolvedAtMillis.getAsLong());
        }
        if (novelClass.isPresent() && type != AlertType.NOVEL_CLASS) {
            throw new IllegalArgumentException(
                    "novelClass is only for NOVEL_CLASS alerts, got type " + type);
        }
        Map<String, Double> ev = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : evidence.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || Double.isNaN(e.getValue())) {
                throw new IllegalArgumentException(
                        "evidence '" + e.getKey() + "' must be a number, got " + e.getValue());
            }
            ev.put(e.getKey(), e.getValue());
        }
        evidence = Collections.unmodifiableMap(ev);
        Map<String, String> det = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "details '" + e.getKey() + "' must be a string, got " + e.getValue());
            }
            det.put(e.getKey(), e.getValue());
        }
        details = Collections.unmodifiableMap(det);
    }

    private static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
        }
    }
}
