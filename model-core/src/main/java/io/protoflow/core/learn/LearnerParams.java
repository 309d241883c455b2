package io.protoflow.core.learn;

import java.util.Arrays;
import java.util.Locale;

/**
 * Parsing of learner parameter values (strings in configuration and snapshots) into numbers, with
 * errors that name the key and the value.
 */
final class LearnerParams {

    private LearnerParams() {}

    /**
     * Parses a decimal integer.
     *
     * @throws IllegalArgumentException {@code "parameter k has invalid value 'x', expected an
     *     integer"}
     */
    static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter " + key + " has invalid value '" + value + "', expected an integer",
                    e);
        }
    }

    /**
     * Parses a finite decimal number.
     *
     * @throws IllegalArgumentException {@code "parameter k has invalid value 'x', expected a finite
     *     number"}
     */
    static double parseDouble(String key, String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter "
                            + key
                            + " has invalid value '"
                            + value
                            + "', expected a finite number",
                    e);
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(
                    "parameter "
                            + key
                            + " has invalid value '"
                            + value
                            + "', expected a finite number");
        }
        return d;
    }

    /** The parameter value naming an enum constant: its name in lower case. */
    static String paramValue(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an enum constant from its {@link #paramValue} (case-insensitive, trimmed).
     *
     * @throws IllegalArgumentException {@code "parameter k has invalid value 'x', expected one of
     *     [a, b]"}
     */
    static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
        E[] constants = type.getEnumConstants();
        for (E e : constants) {
            if (paramValue(e).equalsIgnoreCase(value == null ? "" : value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "parameter "
                        + key
                        + " has invalid value '"
                        + value
                        + "', expected one of "
                        + Arrays.stream(constants).map(LearnerParams::paramValue).toList());
    }
}
