package io.protoflow.core.drift;

/**
 * Parameters of {@link DdmDetector}.
 *
 * @param minInstances values after a (re)start before the detector may warn or signal, so the
 *     error-rate estimate is not judged on a handful of values; >= 1, default {@value
 *     #DEFAULT_MIN_INSTANCES}
 * @param warningLevel warn when {@code p + s >= pMin + warningLevel * sMin}; > 0, default {@value
 *     #DEFAULT_WARNING_LEVEL} (about 95% one-sided confidence under the normal approximation)
 * @param driftLevel signal drift when {@code p + s >= pMin + driftLevel * sMin}; > warningLevel,
 *     default {@value #DEFAULT_DRIFT_LEVEL} (about 99%)
 */
public record DdmConfig(int minInstances, double warningLevel, double driftLevel) {

    /** Default {@link #minInstances}, as in Gama et al. and MOA. */
    public static final int DEFAULT_MIN_INSTANCES = 30;

    /** Default {@link #warningLevel}. */
    public static final double DEFAULT_WARNING_LEVEL = 2.0;

    /** Default {@link #driftLevel}. */
    public static final double DEFAULT_DRIFT_LEVEL = 3.0;

    public DdmConfig {
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances must be >= 1, got " + minInstances);
        }
        if (!(warningLevel > 0 && Double.isFinite(warningLevel))) {
            throw new IllegalArgumentException(
                    "warningLevel must be finite and > 0, got " + warningLevel);
        }
        if (!(driftLevel > warningLevel && Double.isFinite(driftLevel))) {
            throw new IllegalArgumentException(
                    "driftLevel must be finite and > warningLevel ("
                            + warningLevel
                            + "), got "
                            + driftLevel);
        }
    }

    /** The defaults: 30 values before judging, warning at 2, drift at 3 standard deviations. */
    public static DdmConfig defaults() {
        return new DdmConfig(DEFAULT_MIN_INSTANCES, DEFAULT_WARNING_LEVEL, DEFAULT_DRIFT_LEVEL);
    }
}
