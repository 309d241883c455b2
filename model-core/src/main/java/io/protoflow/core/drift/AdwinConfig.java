package io.protoflow.core.drift;

/**
 * Parameters of {@link AdwinDetector}.
 *
 * @param delta confidence of the cut test: a change is declared when two sub-windows' means differ
 *     by more than the Hoeffding-style bound at this confidence, so smaller is more conservative
 *     (fewer false alarms, later detection); in (0, 1), default {@value #DEFAULT_DELTA}
 * @param warningDelta confidence of a second, looser test whose success without a cut reports
 *     {@link DriftState#WARNING}; in (delta, 1), or 0 (default) for no warnings
 * @param checkEvery test for a cut every this many values (1 = after every value, the lowest
 *     detection delay; larger values trade delay for time); >= 1, default {@value
 *     #DEFAULT_CHECK_EVERY}
 * @param maxBucketsPerRow buckets of each size kept by the exponential histogram before the two
 *     oldest merge (more buckets = finer cut points and more memory, O(M log W)); >= 2, default
 *     {@value #DEFAULT_MAX_BUCKETS_PER_ROW}
 * @param minSubWindow the fewest values on either side of a cut point; >= 1, default {@value
 *     #DEFAULT_MIN_SUB_WINDOW}
 * @param direction which changes are reported (the window adapts to every change either way);
 *     default {@link ChangeDirection#BOTH}, use {@link ChangeDirection#INCREASE} for error streams
 */
public record AdwinConfig(
        double delta,
        double warningDelta,
        int checkEvery,
        int maxBucketsPerRow,
        int minSubWindow,
        ChangeDirection direction) {

    /** Default {@link #delta}, as in the ADWIN paper and MOA. */
    public static final double DEFAULT_DELTA = 0.002;

    /** Default {@link #checkEvery}. */
    public static final int DEFAULT_CHECK_EVERY = 1;

    /** Default {@link #maxBucketsPerRow}, as in MOA. */
    public static final int DEFAULT_MAX_BUCKETS_PER_ROW = 5;

    /** Default {@link #minSubWindow}. */
    public static final int DEFAULT_MIN_SUB_WINDOW = 5;

    public AdwinConfig {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (warningDelta != 0 && !(warningDelta > delta && warningDelta < 1)) {
            throw new IllegalArgumentException(
                    "warningDelta must be 0 (off) or in (delta, 1) = ("
                            + delta
                            + ", 1), got "
                            + warningDelta);
        }
        if (checkEvery < 1) {
            throw new IllegalArgumentException("checkEvery must be >= 1, got " + checkEvery);
        }
        if (maxBucketsPerRow < 2) {
            throw new IllegalArgumentException(
                    "maxBucketsPerRow must be >= 2, got " + maxBucketsPerRow);
        }
        if (minSubWindow < 1) {
            throw new IllegalArgumentException("minSubWindow must be >= 1, got " + minSubWindow);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction is null");
        }
    }

    /** The defaults: delta 0.002, no warnings, a test after every value, both directions. */
    public static AdwinConfig defaults() {
        return new AdwinConfig(
                DEFAULT_DELTA,
                0,
                DEFAULT_CHECK_EVERY,
                DEFAULT_MAX_BUCKETS_PER_ROW,
                DEFAULT_MIN_SUB_WINDOW,
                ChangeDirection.BOTH);
    }

    /** This configuration with another {@link #delta}. */
    public AdwinConfig withDelta(double newDelta) {
        return new AdwinConfig(
                newDelta, warningDelta, checkEvery, maxBucketsPerRow, minSubWindow, direction);
    }

    /** This configuration with another {@link #warningDelta}. */
    public AdwinConfig withWarningDelta(double newWarningDelta) {
        return new AdwinConfig(
                delta, newWarningDelta, checkEvery, maxBucketsPerRow, minSubWindow, direction);
    }

    /** This configuration with another {@link #checkEvery}. */
    public AdwinConfig withCheckEvery(int newCheckEvery) {
        return new AdwinConfig(
                delta, warningDelta, newCheckEvery, maxBucketsPerRow, minSubWindow, direction);
    }

    /** This configuration with another {@link #direction}. */
    public AdwinConfig withDirection(ChangeDirection newDirection) {
        return new AdwinConfig(
                delta, warningDelta, checkEvery, maxBucketsPerRow, minSubWindow, newDirection);
    }
}
