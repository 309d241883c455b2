package io.protoflow.core.alert;

/** What kind of condition an {@link Alert} is about (mirrors the Avro enum {@code AlertType}). */
public enum AlertType {
    /** The stream or the model's error rate changed. */
    DRIFT,
    /** More records than expected look out-of-distribution. */
    OOD_RATE,
    /** A cluster of out-of-distribution records looks like a new class. */
    NOVEL_CLASS,
    /** Prequential accuracy fell. */
    ACCURACY_DROP
}
