package io.protoflow.core.ood;

import com.tdunning.math.stats.MergingDigest;
import io.protoflow.core.snapshot.OodThresholdState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Calibrates one scorer's threshold online: it summarises the scores of in-distribution examples in
 * a streaming quantile sketch and sets the threshold at their {@code 1 - targetFlagRate} quantile,
 * so that about {@code targetFlagRate} of in-distribution examples are flagged (score strictly
 * above the threshold) whatever the scale of the scorer.
 *
 * <p>The sketch is a t-digest ({@code com.tdunning:t-digest}, {@link MergingDigest}, compression
 * {@value #COMPRESSION}): constant memory (about 2 KB serialized), mergeable across parallel
 * calibrators, and most accurate in the tails where thresholds sit (its rank error at the 0.95
 * quantile is far below the sampling error of any realistic calibration set). Apache DataSketches
 * KLL would be the house choice, but no release runs on a Java 25 runtime with Java 21 bytecode
 * (see the parent pom). The sketch bytes in {@link #state()} are t-digest's own verbose encoding
 * ({@code MergingDigest.asBytes}).
 *
 * <p>The sketch holds every score since creation or the last {@link #reset()}: feed it scores of
 * the model as it is now (test-then-train scores of classes the model already knows), and reset it
 * when the model has changed a lot. Not thread-safe.
 */
public final class ThresholdCalibrator {

    /** Default share of in-distribution examples to flag. */
    public static final double DEFAULT_TARGET_FLAG_RATE = 0.05;

    /** The t-digest compression: more centroids, more accuracy. */
    public static final double COMPRESSION = 200.0;

    private final String scorer;
    private final double targetFlagRate;
    private MergingDigest digest = new MergingDigest(COMPRESSION);

    /** The threshold, NaN when it must be recomputed from the sketch. */
    private double threshold = Double.POSITIVE_INFINITY;

    /**
     * Creates an empty calibrator; its threshold is {@code +Infinity} (flags nothing) until the
     * first score.
     *
     * @param scorer the scorer's name, not blank
     * @param targetFlagRate the share of in-distribution examples to flag, in (0, 1)
     * @throws IllegalArgumentException naming the invalid argument and its value
     */
    public ThresholdCalibrator(String scorer, double targetFlagRate) {
        if (scorer == null || scorer.isBlank()) {
            throw new IllegalArgumentException("scorer is blank: '" + scorer + "'");
        }
        if (!(targetFlagRate > 0.0 && targetFlagRate < 1.0)) {
            throw new IllegalArgumentException(
                    "targetFlagRate must be in (0, 1), got " + targetFlagRate);
        }
        this.scorer = scorer;
        this.targetFlagRate = targetFlagRate;
    }

    /**
     * Rebuilds a calibrator from its state. Its threshold is the stored value (exactly) until the
     * next score is observed.
     *
     * @throws IllegalArgumentException if the sketch bytes are not a t-digest
     */
    public static ThresholdCalibrator restore(OodThresholdState state) {
        if (state == null) {
            throw new IllegalArgumentException("threshold state is null");
        }
        ThresholdCalibrator c = new ThresholdCalibrator(state.scorer(), state.targetFlagRate());
        byte[] sketch = state.sketch();
        if (sketch.length > 0) {
            try {
                c.digest = MergingDigest.fromBytes(ByteBuffer.wrap(sketch));
            } catch (BufferUnderflowException | IllegalStateException e) {
                throw new IllegalArgumentException(
                        "sketch of scorer '"
                                + state.scorer()
                                + "' is not a t-digest ("
                                + sketch.length
                                + " bytes): "
                                + e,
                        e);
            }
        }
        c.threshold = state.value();
        return c;
    }

    /**
     * Rebuilds a calibrator from its state for a possibly different target rate: with the stored
     * rate this is {@link #restore(OodThresholdState)}; with another one the threshold is
     * recomputed from the sketch.
     *
     * @throws IllegalArgumentException if the sketch bytes are not a t-digest or the rate is not in
     *     (0, 1)
     */
    public static ThresholdCalibrator restore(OodThresholdState state, double targetFlagRate) {
        ThresholdCalibrator stored = restore(state);
        if (targetFlagRate == state.targetFlagRate()) {
            return stored;
        }
        ThresholdCalibrator c = new ThresholdCalibrator(state.scorer(), targetFlagRate);
        c.digest = stored.digest;
        c.threshold = stored.digest.size() == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        return c;
    }

    /** The scorer this threshold belongs to. */
    public String scorer() {
        return scorer;
    }

    /** The share of in-distribution examples the threshold flags. */
    public double targetFlagRate() {
        return targetFlagRate;
    }

    /**
     * Adds the score of an in-distribution example.
     *
     * @throws IllegalArgumentException if the score is NaN or infinite, naming it
     */
    public void observe(double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException(
                    "score of scorer '" + scorer + "' must be finite, got " + score);
        }
        digest.add(score);
        threshold = Double.NaN;
    }

    /** The number of scores observed. */
    public long count() {
        return digest.size();
    }

    /**
     * The {@code 1 - targetFlagRate} quantile of the observed scores; {@code +Infinity} before the
     * first one.
     */
    public double threshold() {
        if (Double.isNaN(threshold)) {
            threshold =
                    digest.size() == 0
                            ? Double.POSITIVE_INFINITY
                            : digest.quantile(1.0 - targetFlagRate);
        }
        return threshold;
    }

    /** Whether {@code score} is flagged: strictly above the threshold. */
    public boolean flags(double score) {
        return score > threshold();
    }

    /**
     * Adds another calibrator's scores to this one (e.g. from a parallel subtask).
     *
     * @throws IllegalArgumentException if its scorer or target rate differs
     */
    public void merge(ThresholdCalibrator other) {
        if (!scorer.equals(other.scorer) || targetFlagRate != other.targetFlagRate) {
            throw new IllegalArgumentException(
                    "cannot merge calibrator of scorer '"
                            + other.scorer
                            + "' at rate "
                            + other.targetFlagRate
                            + " into one of scorer '"
                            + scorer
                            + "' at rate "
                            + targetFlagRate);
        }
        if (other.digest.size() > 0) {
            digest.add(other.digest);
            threshold = Double.NaN;
        }
    }

    /** Forgets every score: the threshold is {@code +Infinity} until the next one. */
    public void reset() {
        digest = new MergingDigest(COMPRESSION);
        threshold = Double.POSITIVE_INFINITY;
    }

    /** The threshold and its serialized sketch, for the model snapshot. */
    public OodThresholdState state() {
        byte[] sketch = new byte[0];
        if (digest.size() > 0) {
            ByteBuffer buf = ByteBuffer.allocate(digest.byteSize());
            digest.asBytes(buf);
            sketch = buf.array();
        }
        return new OodThresholdState(scorer, targetFlagRate, threshold(), sketch);
    }

    @Override
    public String toString() {
        return "ThresholdCalibrator[scorer="
                + scorer
                + ", targetFlagRate="
                + targetFlagRate
                + ", count="
                + count()
                + ", threshold="
                + threshold()
                + "]";
    }
}
