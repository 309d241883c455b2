package io.protoflow.stream;

import java.util.Objects;

/**
 * A record that cannot be processed because of its own content, not because of a bug or an outage:
 * undecodable bytes, an unknown schema, a missing id, a wrong dimension. Streaming code catches it,
 * writes a {@code DeadLetter} with {@link #errorClass()} and {@link #getMessage()}, counts it and
 * goes on.
 *
 * <p>The error class is one of the machine-readable values listed in schemas/README.md (for example
 * {@value #UNDECODABLE}); the message says what was wrong with which value.
 */
public class BadRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The bytes are not a well-formed Avro single-object encoding of the expected record. */
    public static final String UNDECODABLE = "UNDECODABLE";

    /** The bytes carry a schema fingerprint this build does not know (e.g. a newer writer). */
    public static final String UNKNOWN_SCHEMA = "UNKNOWN_SCHEMA";

    private final String errorClass;

    /**
     * @param errorClass machine-readable class of error, e.g. {@value #UNDECODABLE}
     * @param message what was wrong, naming the offending field or bytes
     */
    public BadRecordException(String errorClass, String message) {
        this(errorClass, message, null);
    }

    /**
     * @param errorClass machine-readable class of error, e.g. {@value #UNDECODABLE}
     * @param message what was wrong, naming the offending field or bytes
     * @param cause the underlying failure, or null
     */
    public BadRecordException(String errorClass, String message, Throwable cause) {
        super(message, cause);
        Objects.requireNonNull(errorClass, "errorClass");
        if (errorClass.isBlank()) {
            throw new IllegalArgumentException(
                    "errorClass must not be blank, got '" + errorClass + "'");
        }
        this.errorClass = errorClass;
    }

    /** Machine-readable class of error, the {@code DeadLetter.errorClass} of the record. */
    public String errorClass() {
        return errorClass;
    }
}
