package io.protoflow.core.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validation shared by the detector state records; messages name the field and the value. */
final class StateChecks {

    private StateChecks() {}

    static void requireNonNull(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
    }

    static void requireNonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + value);
        }
    }

    static void requireFinite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
    }

    static void requireFiniteNonNegative(double value, String field) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }

    /** An unmodifiable, insertion-ordered copy of an evidence map with finite values. */
    static Map<String, Double> evidence(Map<String, Double> evidence) {
        requireNonNull(evidence, "evidence");
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : evidence.entrySet()) {
            requireNonNull(e.getKey(), "evidence key");
            if (e.getValue() == null || Double.isNaN(e.getValue())) {
                throw new IllegalArgumentException(
                        "evidence '" + e.getKey() + "' must be a number, got " + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Checks a stream value: finite, and in [0, 1] when {@code unitInterval}. */
    static double requireValue(double value, boolean unitInterval, String detector) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(detector + " value must be finite, got " + value);
        }
        if (unitInterval && (value < 0 || value > 1)) {
            throw new IllegalArgumentException(
                    detector
                            + " value must be an error indicator in [0, 1] (1 = mistake), got "
                            + value);
        }
        return value;
    }
}
