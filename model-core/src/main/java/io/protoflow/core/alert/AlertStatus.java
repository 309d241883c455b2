package io.protoflow.core.alert;

/** Life-cycle event of an {@link Alert} (mirrors the Avro enum {@code AlertStatus}). */
public enum AlertStatus {
    /** The condition started. */
    RAISED,
    /** The condition has cleared. */
    RESOLVED
}
