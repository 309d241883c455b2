package io.protoflow.core.drift;

import java.util.Arrays;
import java.util.Map;

/**
 * The state of an {@link MmdDriftDetector}: the embeddings it holds, the bandwidth and null
 * distribution it calibrated and its random state. Kernel caches are not part of it; a restore
 * recomputes them ({@code O((referenceSize + windowSize)^2 d)}). Size: {@code 4 d (referenceSize +
 * windowSize)} bytes for the embeddings plus {@code 8 calibrationSamples}.
 *
 * @param config the configuration
 * @param count embeddings consumed since construction or reset
 * @param drifts drifts reported
 * @param lastState the state of the last update
 * @param reference the reference embeddings, oldest first, at most referenceSize
 * @param window the current window, oldest first; empty until the reference is full
 * @param bandwidth the bandwidth in use; 0 until the reference is full
 * @param nullStatistics the sorted null statistics of {@link MmdConfig.Calibration#REFERENCE};
 *     empty otherwise and until the reference is full
 * @param sinceTest embeddings since the last test
 * @param randomState the state of the sampling generator
 * @param evidence the numbers behind the last decision
 */
public record MmdState(
        MmdConfig config,
        long count,
        long drifts,
        DriftState lastState,
        float[][] reference,
        float[][] window,
        double bandwidth,
        double[] nullStatistics,
        int sinceTest,
        long randomState,
        Map<String, Double> evidence) {

    public MmdState {
        StateChecks.requireNonNull(config, "config");
        StateChecks.requireNonNegative(count, "count");
        StateChecks.requireNonNegative(drifts, "drifts");
        StateChecks.requireNonNull(lastState, "lastState");
        reference = copy(reference, config.referenceSize(), config.dimension(), "reference");
        window = copy(window, config.windowSize(), config.dimension(), "window");
        boolean armed = reference.length == config.referenceSize();
        if (!armed && window.length > 0) {
            throw new IllegalArgumentException(
                    "window must be empty while the reference holds "
                            + reference.length
                            + " of "
                            + config.referenceSize()
                            + " embeddings, got "
                            + window.length);
        }
        if (armed ? !(bandwidth > 0 && Double.isFinite(bandwidth)) : bandwidth != 0) {
            throw new IllegalArgumentException(
                    "bandwidth must be "
                            + (armed ? "finite and > 0" : "0 until the reference is full")
                            + ", got "
                            + bandwidth);
        }
        StateChecks.requireNonNull(nullStatistics, "nullStatistics");
        int expectedNull =
                armed && config.calibration() == MmdConfig.Calibration.REFERENCE
                        ? config.calibrationSamples()
                        : 0;
        if (nullStatistics.length != expectedNull) {
            throw new IllegalArgumentException(
                    "nullStatistics must hold "
                            + expectedNull
                            + " values, got "
                            + nullStatistics.length);
        }
        for (int i = 0; i < nullStatistics.length; i++) {
            StateChecks.requireFinite(nullStatistics[i], "nullStatistics[" + i + "]");
            if (i > 0 && nullStatistics[i] < nullStatistics[i - 1]) {
                throw new IllegalArgumentException(
                        "nullStatistics must be sorted, but [" + i + "] < [" + (i - 1) + "]");
            }
        }
        nullStatistics = nullStatistics.clone();
        if (sinceTest < 0) {
            throw new IllegalArgumentException("sinceTest must be >= 0, got " + sinceTest);
        }
        evidence = StateChecks.evidence(evidence);
    }

    private static float[][] copy(float[][] rows, int max, int dimension, String field) {
        StateChecks.requireNonNull(rows, field);
        if (rows.length > max) {
            throw new IllegalArgumentException(
                    field + " holds " + rows.length + " embeddings, more than " + max);
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r == null || r.length != dimension) {
                throw new IllegalArgumentException(
                        field
                                + "["
                                + i
                                + "] must have dimension "
                                + dimension
                                + ", got "
                                + (r == null ? "null" : r.length));
            }
            for (int k = 0; k < r.length; k++) {
                if (!Float.isFinite(r[k])) {
                    throw new IllegalArgumentException(
                            field + "[" + i + "][" + k + "] must be finite, got " + r[k]);
                }
            }
            out[i] = r.clone();
        }
        return out;
    }

    /** A deep copy of the reference embeddings. */
    @Override
    public float[][] reference() {
        return deepCopy(reference);
    }

    /** A deep copy of the current window. */
    @Override
    public float[][] window() {
        return deepCopy(window);
    }

    /** A copy of the sorted null statistics. */
    @Override
    public double[] nullStatistics() {
        return nullStatistics.clone();
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MmdState s
                && config.equals(s.config)
                && count == s.count
                && drifts == s.drifts
                && lastState == s.lastState
                && Arrays.deepEquals(reference, s.reference)
                && Arrays.deepEquals(window, s.window)
                && Double.compare(bandwidth, s.bandwidth) == 0
                && Arrays.equals(nullStatistics, s.nullStatistics)
                && sinceTest == s.sinceTest
                && randomState == s.randomState
                && evidence.equals(s.evidence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(
                new Object[] {
                    config,
                    count,
                    drifts,
                    lastState,
                    Arrays.deepHashCode(reference),
                    Arrays.deepHashCode(window),
                    bandwidth,
                    Arrays.hashCode(nullStatistics),
                    sinceTest,
                    randomState,
                    evidence
                });
    }

    @Override
    public String toString() {
        return "MmdState[config="
                + config
                + ", count="
                + count
                + ", drifts="
                + drifts
                + ", reference="
                + reference.length
                + ", window="
                + window.length
                + ", bandwidth="
                + bandwidth
                + "]";
    }
}
