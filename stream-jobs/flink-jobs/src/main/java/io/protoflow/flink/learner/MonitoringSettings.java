package io.protoflow.flink.learner;

import io.protoflow.core.alert.OodRateConfig;
import io.protoflow.core.discovery.DiscoveryConfig;
import io.protoflow.core.monitor.MonitorConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * What the learner job watches beside each model (see {@link
 * io.protoflow.core.monitor.ModelMonitor}): the OOD scorer whose calibrated score and flag every
 * prediction carries, the error-rate drift detector fed by prequential and late labels, and
 * novel-class discovery; alerts go to the alerts topic.
 *
 * @param enabled false: predictions carry no OOD score and no alerts are published
 * @param oodScorer primary OOD scorer ({@code energy}, {@code knn}, {@code mahalanobis}, {@code
 *     max-cosine})
 * @param oodParams its parameters
 * @param targetFlagRate in-distribution share the calibrated threshold flags, in (0, 1)
 * @param driftDetector error-rate detector ({@code adwin}, {@code ddm}, {@code page-hinkley},
 *     {@code kswin})
 * @param discovery whether OOD records are clustered into novel-class candidates
 * @param labelTtl how long a prediction waits in state for a late label on the labels topic
 */
public record MonitoringSettings(
        boolean enabled,
        String oodScorer,
        Map<String, String> oodParams,
        double targetFlagRate,
        String driftDetector,
        boolean discovery,
        Duration labelTtl)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** On: energy scorer at 5 %, ADWIN on the error rate, discovery on, labels wait 1 hour. */
    public static final MonitoringSettings DEFAULTS =
            new MonitoringSettings(
                    true,
                    MonitorConfig.DEFAULT_OOD_SCORER,
                    Map.of(),
                    0.05,
                    MonitorConfig.DEFAULT_DRIFT_DETECTOR,
                    true,
                    Duration.ofHours(1));

    /** Nothing watched. */
    public static final MonitoringSettings OFF = DEFAULTS.withEnabled(false);

    public MonitoringSettings {
        oodParams = oodParams == null ? Map.of() : Map.copyOf(oodParams);
        if (labelTtl == null || labelTtl.toMillis() < 1) {
            throw new IllegalArgumentException("labelTtl must be >= 1 ms, got " + labelTtl);
        }
        // fail when the job is configured, naming the field and value
        monitorConfig(oodScorer, oodParams, targetFlagRate, driftDetector, discovery);
    }

    /** These settings, switched on or off. */
    public MonitoringSettings withEnabled(boolean on) {
        return new MonitoringSettings(
                on, oodScorer, oodParams, targetFlagRate, driftDetector, discovery, labelTtl);
    }

    /** The model-core configuration of each model's monitor. */
    public MonitorConfig toMonitorConfig() {
        return monitorConfig(oodScorer, oodParams, targetFlagRate, driftDetector, discovery);
    }

    private static MonitorConfig monitorConfig(
            String oodScorer,
            Map<String, String> oodParams,
            double targetFlagRate,
            String driftDetector,
            boolean discovery) {
        MonitorConfig d = MonitorConfig.defaults();
        return new MonitorConfig(
                oodScorer,
                oodParams,
                targetFlagRate,
                d.calibrationMinCount(),
                d.scorerRefreshEvery(),
                driftDetector,
                Map.of(),
                d.driftClearAfter(),
                OodRateConfig.defaults(targetFlagRate),
                discovery ? DiscoveryConfig.defaults() : null);
    }
}
