package io.protoflow.core.drift;

import java.util.Locale;

/**
 * Which changes of a scalar stream a detector reports. On error indicators only an increase is a
 * problem (a falling error rate is good news), so detectors fed error streams use {@link
 * #INCREASE}; on score streams either direction may matter.
 */
public enum ChangeDirection {
    /** Report only changes to a higher mean. */
    INCREASE,
    /** Report only changes to a lower mean. */
    DECREASE,
    /** Report changes either way. */
    BOTH;

    /** Whether a change from {@code before} to {@code after} is reported. */
    public boolean accepts(double before, double after) {
        return switch (this) {
            case INCREASE -> after > before;
            case DECREASE -> after < before;
            case BOTH -> after != before;
        };
    }

    /** The parameter value naming this direction, e.g. {@code "increase"}. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
