package io.protoflow.core.alert;

/**
 * Parameters of {@link DriftAlertMonitor}.
 *
 * @param detectorName the detector name in alerts and the alert key, e.g. {@code adwin}, or {@code
 *     adwin-ood-score} to tell two detectors of one type apart; not blank
 * @param streamName what the detector watches, for messages, e.g. {@code error rate}; not blank
 * @param severity the severity of raised alerts; default WARNING
 * @param hysteresis when to raise and resolve: a drift is an event, so the alert stays open while
 *     the detector keeps reporting drift or warning and resolves after {@code clearAfter} values
 *     without either; default raise on the first drift, resolve after 1000 quiet values
 */
public record DriftAlertConfig(
        String detectorName,
        String streamName,
        AlertSeverity severity,
        HysteresisConfig hysteresis) {

    public DriftAlertConfig {
        if (detectorName == null || detectorName.isBlank()) {
            throw new IllegalArgumentException(
                    "detectorName must not be blank, got '" + detectorName + "'");
        }
        if (streamName == null || streamName.isBlank()) {
            throw new IllegalArgumentException(
                    "streamName must not be blank, got '" + streamName + "'");
        }
        if (severity == null || hysteresis == null) {
            throw new IllegalArgumentException("severity and hysteresis must not be null");
        }
    }

    /** Alerts named after the detector type about the error rate, WARNING, default hysteresis. */
    public static DriftAlertConfig forErrorRate(String detectorType) {
        return new DriftAlertConfig(
                detectorType, "error rate", AlertSeverity.WARNING, HysteresisConfig.defaults());
    }
}
