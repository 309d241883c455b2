package io.protoflow.core.alert;

import io.protoflow.core.drift.ScalarDetectorState;

/**
 * The state of a {@link DriftAlertMonitor}.
 *
 * @param config the configuration
 * @param detector the detector's state
 * @param latch the alert latch (its key carries the model id)
 * @param segmentStartMillis event time of the first value since the start or the last resolution
 * @param segmentRecords values since then
 */
public record DriftAlertMonitorState(
        DriftAlertConfig config,
        ScalarDetectorState detector,
        AlertLatchState latch,
        long segmentStartMillis,
        long segmentRecords) {

    public DriftAlertMonitorState {
        if (config == null || detector == null || latch == null) {
            throw new IllegalArgumentException("config, detector and latch must not be null");
        }
        if (latch.key().type() != AlertType.DRIFT) {
            throw new IllegalArgumentException(
                    "latch key must have type DRIFT, got " + latch.key().type());
        }
        if (segmentRecords < 0) {
            throw new IllegalArgumentException(
                    "segmentRecords must be >= 0, got " + segmentRecords);
        }
    }
}
