package io.protoflow.core.alert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check of a condition, fed to an {@link AlertLatch}: whether it holds, the numbers behind it
 * and a sentence saying them. The latch copies these into the RAISED event (when this check raises)
 * or the RESOLVED event (when it resolves).
 *
 * @param holds whether the condition holds on this check
 * @param severity the severity a raise from this check gets
 * @param eventTimeMillis event time of the record checked
 * @param processingTimeMillis processing time now (becomes raisedAt or resolvedAt)
 * @param modelVersion last published snapshot version of the model, >= 0
 * @param window the stretch of the stream the check looked at, or null to let the latch use the
 *     stretch since the condition started
 * @param evidence numbers behind the check, by name (copied)
 * @param details free-form context (copied)
 * @param message one sentence with the numbers, e.g. {@code "OOD rate 0.18 over the last 500
 *     records is above 2.0 x the target 0.05"}
 */
public record Observation(
        boolean holds,
        AlertSeverity severity,
        long eventTimeMillis,
        long processingTimeMillis,
        long modelVersion,
        AlertWindow window,
        Map<String, Double> evidence,
        Map<String, String> details,
        String message) {

    public Observation {
        if (severity == null) {
            throw new IllegalArgumentException("severity is null");
        }
        if (modelVersion < 0) {
            throw new IllegalArgumentException("modelVersion must be >= 0, got " + modelVersion);
        }
        if (evidence == null || details == null || message == null) {
            throw new IllegalArgumentException("evidence, details and message must not be null");
        }
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
