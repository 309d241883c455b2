package io.protoflow.core.drift;

/**
 * Parameters of {@link AdwinDetector}. The defaults reproduce MOA's {@code ADWIN} (MOA 2024.07)
 * value for value: a test every 32 values, at least 7 values on each side of a cut, and each side's
 * length discounted by 4 in the bound. Testing after every value ({@code checkEvery = 1}) with the
 * paper's exact lengths ({@code lengthDiscount = 0}), the defaults before format 2, detected drifts
 * 40-70 values earlier on MOA's generator streams but raised more false alarms (bench/RESULTS.md,
 * "Drift detection, ADWIN against MOA's"): at a fixed delta, every extra test is another chance to
 * cut on noise, and a value-by-value test cuts several times in a row while a change unfolds.
 *
 * @param delta confidence of the cut test: a change is declared when two sub-windows' means differ
 *     by more than the Hoeffding-style bound at this confidence, so smaller is more conservative
 *     (fewer false alarms, later detection); in (0, 1), default {@value #DEFAULT_DELTA}
 * @param warningDelta confidence of a second, looser test whose success without a cut reports
 *     {@link DriftState#WARNING}; in (delta, 1), or 0 (default) for no warnings
 * @param checkEvery test for a cut every this many values (1 = after every value, the lowest
 *     detection delay and the most false alarms; larger values trade delay for fewer tests and
 *     time); >= 1, default {@value #DEFAULT_CHECK_EVERY}, MOA's clock
 * @param maxBucketsPerRow buckets of each size kept by the exponential histogram before the two
 *     oldest merge (more buckets = finer cut points, more tests and more memory, O(M log W)); >= 2,
 *     default {@value #DEFAULT_MAX_BUCKETS_PER_ROW}
 * @param minSubWindow the fewest values on either side of a cut point; >= 1, default {@value
 *     #DEFAULT_MIN_SUB_WINDOW} (MOA: more than its minimum length 5 plus 1)
 * @param lengthDiscount values subtracted from each side's length in the bound, {@code m = 1/(1/(n0
 *     - L) + 1/(n1 - L))}: a small-sample correction that makes cuts next to short sub-windows need
 *     a larger difference; in [0, minSubWindow), 0 = the paper's bound, default {@value
 *     #DEFAULT_LENGTH_DISCOUNT} (MOA subtracts its minimum length 5 less 1)
 * @param direction which changes are reported (the window adapts to every change either way);
 *     default {@link ChangeDirection#BOTH}, use {@link ChangeDirection#INCREASE} for error streams
 */
public record AdwinConfig(
        double delta,
        double warningDelta,
        int checkEvery,
        int maxBucketsPerRow,
        int minSubWindow,
        int lengthDiscount,
        ChangeDirection direction) {

    /** Default {@link #delta}, as in the ADWIN paper and MOA. */
    public static final double DEFAULT_DELTA = 0.002;

    /** Default {@link #checkEvery}, MOA's clock. */
    public static final int DEFAULT_CHECK_EVERY = 32;

    /** Default {@link #maxBucketsPerRow}, as in MOA. */
    public static final int DEFAULT_MAX_BUCKETS_PER_ROW = 5;

    /** Default {@link #minSubWindow}, as in MOA. */
    public static final int DEFAULT_MIN_SUB_WINDOW = 7;

    /** Default {@link #lengthDiscount}, as in MOA. */
    public static final int DEFAULT_LENGTH_DISCOUNT = 4;

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
        if (lengthDiscount < 0 || lengthDiscount >= minSubWindow) {
            throw new IllegalArgumentException(
                    "lengthDiscount must be in [0, minSubWindow) = [0, "
                            + minSubWindow
                            + "), got "
                            + lengthDiscount);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction is null");
        }
    }

    /**
     * The defaults, MOA's ADWIN: delta 0.002, no warnings, a test every 32 values, 5 buckets per
     * row, 7 values per side, length discount 4, both directions.
     */
    public static AdwinConfig defaults() {
        return new AdwinConfig(
                DEFAULT_DELTA,
                0,
                DEFAULT_CHECK_EVERY,
                DEFAULT_MAX_BUCKETS_PER_ROW,
                DEFAULT_MIN_SUB_WINDOW,
                DEFAULT_LENGTH_DISCOUNT,
                ChangeDirection.BOTH);
    }

    /**
     * The paper's test after every value, the defaults of drift-state format 1: delta 0.002, a test
     * after every value, 5 values per side, exact lengths in the bound, both directions. Earlier
     * detection, more false alarms than {@link #defaults()}.
     */
    public static AdwinConfig everyValue() {
        return new AdwinConfig(
                DEFAULT_DELTA, 0, 1, DEFAULT_MAX_BUCKETS_PER_ROW, 5, 0, ChangeDirection.BOTH);
    }

    /** This configuration with another {@link #delta}. */
    public AdwinConfig withDelta(double newDelta) {
        return new AdwinConfig(
                newDelta,
                warningDelta,
                checkEvery,
                maxBucketsPerRow,
                minSubWindow,
                lengthDiscount,
                direction);
    }

    /** This configuration with another {@link #warningDelta}. */
    public AdwinConfig withWarningDelta(double newWarningDelta) {
        return new AdwinConfig(
                delta,
                newWarningDelta,
                checkEvery,
                maxBucketsPerRow,
                minSubWindow,
                lengthDiscount,
                direction);
    }

    /** This configuration with another {@link #checkEvery}. */
    public AdwinConfig withCheckEvery(int newCheckEvery) {
        return new AdwinConfig(
                delta,
                warningDelta,
                newCheckEvery,
                maxBucketsPerRow,
                minSubWindow,
                lengthDiscount,
                direction);
    }

    /** This configuration with another {@link #direction}. */
    public AdwinConfig withDirection(ChangeDirection newDirection) {
        return new AdwinConfig(
                delta,
                warningDelta,
                checkEvery,
                maxBucketsPerRow,
                minSubWindow,
                lengthDiscount,
                newDirection);
    }
}
