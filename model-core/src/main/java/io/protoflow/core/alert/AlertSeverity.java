package io.protoflow.core.alert;

/** How urgent an {@link Alert} is (mirrors the Avro enum {@code AlertSeverity}). */
public enum AlertSeverity {
    /** Worth knowing; no action expected. */
    INFO,
    /** Look at it soon. */
    WARNING,
    /** Act now. */
    CRITICAL
}
