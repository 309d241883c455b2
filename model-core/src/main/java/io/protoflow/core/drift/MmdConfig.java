package io.protoflow.core.drift;

import java.util.Locale;

/**
 * Parameters of {@link MmdDriftDetector}.
 *
 * @param dimension length of the embeddings; >= 1
 * @param referenceSize embeddings in the reference window (the first ones after a start or a
 *     re-reference); > windowSize + 1, default {@value #DEFAULT_REFERENCE_SIZE}
 * @param windowSize embeddings in the current, sliding window; >= 2, default {@value
 *     #DEFAULT_WINDOW_SIZE}
 * @param testEvery test every this many embeddings once the current window is full; >= 1, default
 *     {@value #DEFAULT_TEST_EVERY} (half-overlapping windows)
 * @param bandwidth the RBF kernel's bandwidth {@code h} in {@code k(x, y) = exp(-|x - y|^2 / (2
 *     h^2))}; 0 (default) picks it by the median heuristic on the reference window ({@code h^2} =
 *     half the median squared distance between reference embeddings)
 * @param calibration how the decision threshold is found; default {@link Calibration#REFERENCE}
 * @param calibrationSamples null statistics drawn (reference splits or permutations): p-values are
 *     multiples of {@code 1 / (calibrationSamples + 1)}; >= 1/alpha - 1, default {@value
 *     #DEFAULT_CALIBRATION_SAMPLES}
 * @param alpha significance of one test: drift when the p-value is <= alpha; in (0, 1), default
 *     {@value #DEFAULT_ALPHA}
 * @param warningAlpha report {@link DriftState#WARNING} when the p-value is <= this; in (alpha, 1),
 *     or 0 (default) for no warnings
 * @param rereference after a drift, build a new reference from the following embeddings (no tests
 *     until it is full) so the new regime becomes normal; if false, keep the old reference and
 *     report the change again on later tests; default true
 * @param seed seed of the calibration sampling
 */
public record MmdConfig(
        int dimension,
        int referenceSize,
        int windowSize,
        int testEvery,
        double bandwidth,
        Calibration calibration,
        int calibrationSamples,
        double alpha,
        double warningAlpha,
        boolean rereference,
        long seed) {

    /** Default {@link #referenceSize}. */
    public static final int DEFAULT_REFERENCE_SIZE = 256;

    /** Default {@link #windowSize}. */
    public static final int DEFAULT_WINDOW_SIZE = 128;

    /** Default {@link #testEvery}. */
    public static final int DEFAULT_TEST_EVERY = 64;

    /** Default {@link #calibrationSamples}. */
    public static final int DEFAULT_CALIBRATION_SAMPLES = 500;

    /** Default {@link #alpha}. */
    public static final double DEFAULT_ALPHA = 0.01;

    /** How the MMD statistic's null distribution is obtained. */
    public enum Calibration {
        /**
         * Once, when the reference window is full: draw {@code calibrationSamples} random splits of
         * the reference into {@code windowSize} pseudo-current embeddings and the rest, and keep
         * the statistics. Tests then cost one statistic. Slightly conservative: the null is
         * computed with a reference of {@code referenceSize - windowSize} embeddings, the test uses
         * all.
         */
        REFERENCE,
        /**
         * At every test: pool the reference and the current window and recompute the statistic
         * under {@code calibrationSamples} random relabellings (an exact permutation test). Costs
         * {@code calibrationSamples * (referenceSize + windowSize)^2} additions per test.
         */
        PERMUTATION;

        /** The parameter value, e.g. {@code "reference"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public MmdConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (windowSize < 2) {
            throw new IllegalArgumentException("windowSize must be >= 2, got " + windowSize);
        }
        if (referenceSize < windowSize + 2) {
            throw new IllegalArgumentException(
                    "referenceSize must be >= windowSize + 2 = "
                            + (windowSize + 2)
                            + ", got "
                            + referenceSize);
        }
        if (testEvery < 1) {
            throw new IllegalArgumentException("testEvery must be >= 1, got " + testEvery);
        }
        if (!(bandwidth >= 0 && Double.isFinite(bandwidth))) {
            throw new IllegalArgumentException(
                    "bandwidth must be finite and >= 0 (0 = median heuristic), got " + bandwidth);
        }
        if (calibration == null) {
            throw new IllegalArgumentException("calibration is null");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (warningAlpha != 0 && !(warningAlpha > alpha && warningAlpha < 1)) {
            throw new IllegalArgumentException(
                    "warningAlpha must be 0 (off) or in (alpha, 1) = ("
                            + alpha
                            + ", 1), got "
                            + warningAlpha);
        }
        int needed = (int) Math.ceil(1 / alpha - 1 - 1e-9);
        if (calibrationSamples < Math.max(1, needed)) {
            throw new IllegalArgumentException(
                    "calibrationSamples must be >= "
                            + Math.max(1, needed)
                            + " for alpha "
                            + alpha
                            + " (p-values are multiples of 1/(calibrationSamples + 1)), got "
                            + calibrationSamples);
        }
    }

    /** The defaults for embeddings of the given dimension, with a seed. */
    public static MmdConfig defaults(int dimension, long seed) {
        return new MmdConfig(
                dimension,
                DEFAULT_REFERENCE_SIZE,
                DEFAULT_WINDOW_SIZE,
                DEFAULT_TEST_EVERY,
                0,
                Calibration.REFERENCE,
                DEFAULT_CALIBRATION_SAMPLES,
                DEFAULT_ALPHA,
                0,
                true,
                seed);
    }

    /** This configuration with other window sizes and test cadence. */
    public MmdConfig withWindows(int newReferenceSize, int newWindowSize, int newTestEvery) {
        return new MmdConfig(
                dimension,
                newReferenceSize,
                newWindowSize,
                newTestEvery,
                bandwidth,
                calibration,
                calibrationSamples,
                alpha,
                warningAlpha,
                rereference,
                seed);
    }

    /** This configuration with another calibration and number of null samples. */
    public MmdConfig withCalibration(Calibration newCalibration, int newCalibrationSamples) {
        return new MmdConfig(
                dimension,
                referenceSize,
                windowSize,
                testEvery,
                bandwidth,
                newCalibration,
                newCalibrationSamples,
                alpha,
                warningAlpha,
                rereference,
                seed);
    }

    /** This configuration with a fixed bandwidth (0 = median heuristic). */
    public MmdConfig withBandwidth(double newBandwidth) {
        return new MmdConfig(
                dimension,
                referenceSize,
                windowSize,
                testEvery,
                newBandwidth,
                calibration,
                calibrationSamples,
                alpha,
                warningAlpha,
                rereference,
                seed);
    }

    /** This configuration with another {@link #rereference}. */
    public MmdConfig withRereference(boolean newRereference) {
        return new MmdConfig(
                dimension,
                referenceSize,
                windowSize,
                testEvery,
                bandwidth,
                calibration,
                calibrationSamples,
                alpha,
                warningAlpha,
                newRereference,
                seed);
    }
}
