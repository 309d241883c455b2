package io.protoflow.core.drift;

/**
 * Parameters of {@link PageHinkleyDetector}.
 *
 * @param delta magnitude of change tolerated: each value adds {@code x - mean - delta} to the
 *     cumulative sum, so changes of the mean smaller than delta are ignored; >= 0, default {@value
 *     #DEFAULT_DELTA}
 * @param lambda the drift threshold on the cumulative sum; larger means fewer false alarms and
 *     later detection; > 0, default {@value #DEFAULT_LAMBDA}
 * @param alpha fading factor applied to the cumulative sum before each value (1 = no fading; below
 *     1 old deviations are forgotten); in (0, 1], default {@value #DEFAULT_ALPHA}
 * @param minInstances values after a (re)start before the detector may signal; >= 1, default
 *     {@value #DEFAULT_MIN_INSTANCES}
 * @param warningLambda report {@link DriftState#WARNING} when the sum exceeds this; in (0, lambda),
 *     or 0 (default) for no warnings
 * @param direction which changes are detected; default {@link ChangeDirection#INCREASE}
 */
public record PageHinkleyConfig(
        double delta,
        double lambda,
        double alpha,
        int minInstances,
        double warningLambda,
        ChangeDirection direction) {

    /** Default {@link #delta}, as in MOA. */
    public static final double DEFAULT_DELTA = 0.005;

    /** Default {@link #lambda}, as in MOA. */
    public static final double DEFAULT_LAMBDA = 50;

    /** Default {@link #alpha}, as in MOA. */
    public static final double DEFAULT_ALPHA = 0.9999;

    /** Default {@link #minInstances}, as in MOA. */
    public static final int DEFAULT_MIN_INSTANCES = 30;

    public PageHinkleyConfig {
        if (!(delta >= 0 && Double.isFinite(delta))) {
            throw new IllegalArgumentException("delta must be finite and >= 0, got " + delta);
        }
        if (!(lambda > 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("lambda must be finite and > 0, got " + lambda);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances must be >= 1, got " + minInstances);
        }
        if (warningLambda != 0 && !(warningLambda > 0 && warningLambda < lambda)) {
            throw new IllegalArgumentException(
                    "warningLambda must be 0 (off) or in (0, lambda) = (0, "
                            + lambda
                            + "), got "
                            + warningLambda);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction is null");
        }
    }

    /** The defaults: delta 0.005, lambda 50, alpha 0.9999, 30 values, no warnings, increases. */
    public static PageHinkleyConfig defaults() {
        return new PageHinkleyConfig(
                DEFAULT_DELTA,
                DEFAULT_LAMBDA,
                DEFAULT_ALPHA,
                DEFAULT_MIN_INSTANCES,
                0,
                ChangeDirection.INCREASE);
    }

    /** This configuration with another {@link #lambda}. */
    public PageHinkleyConfig withLambda(double newLambda) {
        return new PageHinkleyConfig(
                delta, newLambda, alpha, minInstances, warningLambda, direction);
    }

    /** This configuration with another {@link #delta}. */
    public PageHinkleyConfig withDelta(double newDelta) {
        return new PageHinkleyConfig(
                newDelta, lambda, alpha, minInstances, warningLambda, direction);
    }

    /** This configuration with another {@link #direction}. */
    public PageHinkleyConfig withDirection(ChangeDirection newDirection) {
        return new PageHinkleyConfig(
                delta, lambda, alpha, minInstances, warningLambda, newDirection);
    }
}
