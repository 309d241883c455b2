package io.protoflow.core.drift;

/**
 * Parameters of {@link KswinDetector}.
 *
 * @param alpha significance of the Kolmogorov-Smirnov test: drift when its p-value is below alpha;
 *     the test runs after every value once the window is full, so alpha bounds the false-alarm
 *     probability per value (consecutive tests overlap and are dependent); in (0, 1), default
 *     {@value #DEFAULT_ALPHA}
 * @param windowSize values kept; >= 2 statSize, default {@value #DEFAULT_WINDOW_SIZE}
 * @param statSize the newest statSize values are compared with as many values sampled without
 *     replacement from the older part of the window; >= 2, default {@value #DEFAULT_STAT_SIZE}
 * @param warningAlpha report {@link DriftState#WARNING} when the p-value is below this; in (alpha,
 *     1), or 0 (default) for no warnings
 * @param direction which changes are reported, judged by the means of the two samples; default
 *     {@link ChangeDirection#BOTH} (the KS test itself is two-sided)
 * @param seed seed of the sampling
 */
public record KswinConfig(
        double alpha,
        int windowSize,
        int statSize,
        double warningAlpha,
        ChangeDirection direction,
        long seed) {

    /** Default {@link #alpha}, as in Raab et al. and river. */
    public static final double DEFAULT_ALPHA = 0.005;

    /** Default {@link #windowSize}, as in river. */
    public static final int DEFAULT_WINDOW_SIZE = 100;

    /** Default {@link #statSize}, as in river. */
    public static final int DEFAULT_STAT_SIZE = 30;

    public KswinConfig {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (statSize < 2) {
            throw new IllegalArgumentException("statSize must be >= 2, got " + statSize);
        }
        if (windowSize < 2 * statSize) {
            throw new IllegalArgumentException(
                    "windowSize must be >= 2 * statSize = " + 2 * statSize + ", got " + windowSize);
        }
        if (warningAlpha != 0 && !(warningAlpha > alpha && warningAlpha < 1)) {
            throw new IllegalArgumentException(
                    "warningAlpha must be 0 (off) or in (alpha, 1) = ("
                            + alpha
                            + ", 1), got "
                            + warningAlpha);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction is null");
        }
    }

    /** The defaults (alpha 0.005, window 100, stat size 30, both directions) with a seed. */
    public static KswinConfig defaults(long seed) {
        return new KswinConfig(
                DEFAULT_ALPHA,
                DEFAULT_WINDOW_SIZE,
                DEFAULT_STAT_SIZE,
                0,
                ChangeDirection.BOTH,
                seed);
    }

    /** This configuration with another window and stat size. */
    public KswinConfig withWindow(int newWindowSize, int newStatSize) {
        return new KswinConfig(alpha, newWindowSize, newStatSize, warningAlpha, direction, seed);
    }

    /** This configuration with another {@link #alpha}. */
    public KswinConfig withAlpha(double newAlpha) {
        return new KswinConfig(newAlpha, windowSize, statSize, warningAlpha, direction, seed);
    }

    /** This configuration with another {@link #direction}. */
    public KswinConfig withDirection(ChangeDirection newDirection) {
        return new KswinConfig(alpha, windowSize, statSize, warningAlpha, newDirection, seed);
    }
}
