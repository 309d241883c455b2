package io.protoflow.core.snapshot;

import java.util.Arrays;

/**
 * A calibrated out-of-distribution threshold of one scorer: an example whose score exceeds {@code
 * value} is flagged. The threshold is the {@code 1 - targetFlagRate} quantile of the
 * in-distribution scores summarised by {@code sketch}, which travels with it so that calibration
 * goes on after a restore. Immutable: the sketch is copied in and out.
 *
 * @param scorer the scorer's name, e.g. {@code "mahalanobis"}, not blank
 * @param targetFlagRate the share of in-distribution examples the threshold is meant to flag, in
 *     (0, 1)
 * @param value the threshold; {@code +Infinity} while no score has been observed (flags nothing),
 *     never NaN
 * @param sketch the serialized quantile sketch of the in-distribution scores (see {@code
 *     io.protoflow.core.ood.ThresholdCalibrator}), possibly empty, never null
 */
public record OodThresholdState(String scorer, double targetFlagRate, double value, byte[] sketch) {

    public OodThresholdState {
        if (scorer == null || scorer.isBlank()) {
            throw new IllegalArgumentException("scorer is blank: '" + scorer + "'");
        }
        if (!(targetFlagRate > 0.0 && targetFlagRate < 1.0)) {
            throw new IllegalArgumentException(
                    "targetFlagRate of scorer '"
                            + scorer
                            + "' must be in (0, 1), got "
                            + targetFlagRate);
        }
        if (Double.isNaN(value) || value == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "threshold value of scorer '"
                            + scorer
                            + "' must be a number or +Infinity, got "
                            + value);
        }
        if (sketch == null) {
            throw new IllegalArgumentException(
                    "sketch of scorer '" + scorer + "' is null (use an empty array)");
        }
        sketch = sketch.clone();
    }

    /** A copy of the serialized sketch. */
    @Override
    public byte[] sketch() {
        return sketch.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OodThresholdState t
                && scorer.equals(t.scorer)
                && Double.compare(targetFlagRate, t.targetFlagRate) == 0
                && Double.compare(value, t.value) == 0
                && Arrays.equals(sketch, t.sketch);
    }

    @Override
    public int hashCode() {
        return (scorer.hashCode() * 31 + Double.hashCode(value)) * 31 + Arrays.hashCode(sketch);
    }

    @Override
    public String toString() {
        return "OodThresholdState[scorer="
                + scorer
                + ", targetFlagRate="
                + targetFlagRate
                + ", value="
                + value
                + ", sketch="
                + sketch.length
                + " bytes]";
    }
}
