package io.protoflow.core.monitor;

import io.protoflow.core.alert.DriftAlertConfig;
import io.protoflow.core.alert.HysteresisConfig;
import io.protoflow.core.alert.OodRateConfig;
import io.protoflow.core.discovery.DiscoveryConfig;
import io.protoflow.core.drift.DriftDetectors;
import io.protoflow.core.ood.OodScorers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link ModelMonitor} watches and how.
 *
 * @param oodScorer the primary OOD scorer whose score and flag predictions carry, one of {@link
 *     OodScorers#KNOWN_NAMES}; default {@code energy} (works behind every learner, no extra state)
 * @param oodParams the scorer's parameters (copied)
 * @param targetFlagRate share of in-distribution examples the calibrated threshold flags, in (0,
 *     1); default 0.05
 * @param calibrationMinCount a labelled example calibrates the threshold only when its class has at
 *     least this many examples already (a new class's first examples are genuinely out of
 *     distribution), >= 1; default 50
 * @param scorerRefreshEvery learned examples between handing the learner's state to the scorers, >=
 *     1; default 500 (the state of a streaming LDA costs a refactorisation)
 * @param driftDetector the error-rate detector, one of {@link DriftDetectors#KNOWN_TYPES}; default
 *     {@code adwin}
 * @param driftParams its parameters (copied); {@code direction=increase} is added for error rates
 *     unless given
 * @param driftClearAfter correct-or-wrong outcomes without drift or warning before a DRIFT alert
 *     resolves, >= 1; default 1000
 * @param oodRate the OOD-rate alert settings; its target rate is {@code targetFlagRate}
 * @param discovery novel-class discovery settings, or null to switch discovery off
 */
public record MonitorConfig(
        String oodScorer,
        Map<String, String> oodParams,
        double targetFlagRate,
        int calibrationMinCount,
        int scorerRefreshEvery,
        String driftDetector,
        Map<String, String> driftParams,
        long driftClearAfter,
        OodRateConfig oodRate,
        DiscoveryConfig discovery) {

    /** Default primary scorer. */
    public static final String DEFAULT_OOD_SCORER = "energy";

    /** Default error-rate detector. */
    public static final String DEFAULT_DRIFT_DETECTOR = "adwin";

    public MonitorConfig {
        if (oodScorer == null || !OodScorers.KNOWN_NAMES.contains(oodScorer)) {
            throw new IllegalArgumentException(
                    "oodScorer must be one of "
                            + OodScorers.KNOWN_NAMES
                            + ", got '"
                            + oodScorer
                            + "'");
        }
        if (oodParams == null || driftParams == null) {
            throw new IllegalArgumentException("oodParams and driftParams must not be null");
        }
        oodParams = Map.copyOf(oodParams);
        if (!(targetFlagRate > 0.0 && targetFlagRate < 1.0)) {
            throw new IllegalArgumentException(
                    "targetFlagRate must be in (0, 1), got " + targetFlagRate);
        }
        if (calibrationMinCount < 1) {
            throw new IllegalArgumentException(
                    "calibrationMinCount must be >= 1, got " + calibrationMinCount);
        }
        if (scorerRefreshEvery < 1) {
            throw new IllegalArgumentException(
                    "scorerRefreshEvery must be >= 1, got " + scorerRefreshEvery);
        }
        if (driftDetector == null || !DriftDetectors.KNOWN_TYPES.contains(driftDetector)) {
            throw new IllegalArgumentException(
                    "driftDetector must be one of "
                            + DriftDetectors.KNOWN_TYPES
                            + ", got '"
                            + driftDetector
                            + "'");
        }
        Map<String, String> drift = new LinkedHashMap<>(driftParams);
        drift.putIfAbsent("direction", "increase");
        driftParams = Map.copyOf(drift);
        if (driftClearAfter < 1) {
            throw new IllegalArgumentException(
                    "driftClearAfter must be >= 1, got " + driftClearAfter);
        }
        if (oodRate == null) {
            throw new IllegalArgumentException("oodRate must not be null");
        }
        // fail at configuration time on an unknown or invalid detector parameter
        DriftDetectors.create(driftDetector, driftParams);
    }

    /** Every default, discovery on with its defaults. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(
                DEFAULT_OOD_SCORER,
                Map.of(),
                0.05,
                50,
                500,
                DEFAULT_DRIFT_DETECTOR,
                Map.of(),
                HysteresisConfig.DEFAULT_CLEAR_AFTER,
                OodRateConfig.defaults(0.05),
                DiscoveryConfig.defaults());
    }

    /** The drift alert settings derived from this config. */
    DriftAlertConfig driftAlertConfig() {
        HysteresisConfig h = HysteresisConfig.defaults();
        return new DriftAlertConfig(
                driftDetector,
                "error rate",
                io.protoflow.core.alert.AlertSeverity.WARNING,
                new HysteresisConfig(h.raiseAfter(), driftClearAfter, h.clearAfterMillis()));
    }
}
