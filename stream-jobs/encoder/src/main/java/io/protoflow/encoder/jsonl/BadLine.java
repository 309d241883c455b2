package io.protoflow.encoder.jsonl;

import java.util.Arrays;
import java.util.Objects;

/**
 * A line of a JSON-lines file that cannot become a labelled text, kept with what is wrong so that a
 * command can fail naming it or route it to dead letters.
 *
 * @param line the line number, from 1
 * @param field the offending field, or null when the line is not a JSON object at all
 * @param errorClass the dead-letter error class: {@value #UNDECODABLE}, {@value #INVALID_TEXT},
 *     {@value #INVALID_LABEL} or {@value #INVALID_TIME}
 * @param reason what is wrong, naming the line and the field, e.g. {@code line 7: missing label
 *     field 'topic'}
 * @param raw the line's bytes as read, without the line break (copied)
 */
public record BadLine(int line, String field, String errorClass, String reason, byte[] raw) {

    /** The line is not a well-formed JSON object. */
    public static final String UNDECODABLE = "UNDECODABLE";

    /** The text is missing, not a string, blank, or not valid UTF-8. */
    public static final String INVALID_TEXT = "INVALID_TEXT";

    /** The label is missing, null, blank or not a scalar. */
    public static final String INVALID_LABEL = "INVALID_LABEL";

    /** The time field is missing or not an epoch-millisecond number or ISO-8601 time. */
    public static final String INVALID_TIME = "INVALID_TIME";

    public BadLine {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
        if (errorClass == null || reason == null || raw == null) {
            throw new IllegalArgumentException("errorClass, reason and raw must not be null");
        }
        raw = raw.clone();
    }

    /** A copy of the line's bytes. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BadLine b
                && line == b.line
                && Objects.equals(field, b.field)
                && errorClass.equals(b.errorClass)
                && reason.equals(b.reason)
                && Arrays.equals(raw, b.raw);
    }

    @Override
    public int hashCode() {
        return (line * 31 + errorClass.hashCode()) * 31 + Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "BadLine[" + reason + ", " + errorClass + "]";
    }
}
