package io.protoflow.core.alert;

/**
 * The stretch of the stream an alert's evidence was computed over (mirrors the Avro record {@code
 * AlertWindow}).
 *
 * @param startMillis event time of the first record, inclusive
 * @param endMillis event time of the last record, inclusive; >= startMillis
 * @param records number of records; >= 0
 */
public record AlertWindow(long startMillis, long endMillis, long records) {

    public AlertWindow {
        if (endMillis < startMillis) {
            throw new IllegalArgumentException(
                    "endMillis must be >= startMillis " + startMillis + ", got " + endMillis);
        }
        if (records < 0) {
            throw new IllegalArgumentException("records must be >= 0, got " + records);
        }
    }
}
