package io.protoflow.core.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.snapshot.OodThresholdState;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {

    private static ThresholdCalibrator gaussian(long seed, int n, double rate) {
        ThresholdCalibrator c = new ThresholdCalibrator("energy", rate);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            c.observe(random.nextGaussian());
        }
        return c;
    }

    @Test
    void thresholdIsTheUpperQuantileOfTheScores() {
        // standard normal: 95% quantile 1.6449, 99% 2.3263
        assertThat(gaussian(1, 100_000, 0.05).threshold()).isCloseTo(1.6449, within(0.02));
        assertThat(gaussian(1, 100_000, 0.01).threshold()).isCloseTo(2.3263, within(0.03));
    }

    @Test
    void uncalibratedThresholdFlagsNothing() {
        ThresholdCalibrator c = new ThresholdCalibrator("knn", 0.05);
        assertThat(c.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.flags(1e300)).isFalse();
        assertThat(c.state().sketch()).isEmpty();
        assertThat(ThresholdCalibrator.restore(c.state()).threshold())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void sketchRoundTripKeepsTheThresholdExactlyAndGoesOnCalibrating() {
        ThresholdCalibrator original = gaussian(2, 50_000, 0.05);
        OodThresholdState state = original.state();
        assertThat(state.scorer()).isEqualTo("energy");
        assertThat(state.targetFlagRate()).isEqualTo(0.05);
        assertThat(state.value()).isEqualTo(original.threshold());
        assertThat(state.sketch().length).isBetween(100, 8000);

        ThresholdCalibrator restored = ThresholdCalibrator.restore(state);
        assertThat(restored.threshold()).isEqualTo(original.threshold());
        assertThat(restored.count()).isEqualTo(50_000);
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            double x = random.nextGaussian();
            original.observe(x);
            restored.observe(x);
        }
        assertThat(restored.count()).isEqualTo(100_000);
        assertThat(restored.threshold()).isCloseTo(original.threshold(), within(0.01));
        assertThat(restored.threshold()).isCloseTo(1.6449, within(0.02));
    }

    @Test
    void restoreAtAnotherRateRecomputesTheThresholdFromTheSketch() {
        OodThresholdState state = gaussian(4, 100_000, 0.05).state();
        ThresholdCalibrator at1 = ThresholdCalibrator.restore(state, 0.01);
        assertThat(at1.targetFlagRate()).isEqualTo(0.01);
        assertThat(at1.threshold()).isCloseTo(2.3263, within(0.03));
    }

    @Test
    void mergedCalibratorsCalibrateAsOneOverTheUnion() {
        ThresholdCalibrator a = new ThresholdCalibrator("knn", 0.05);
        ThresholdCalibrator b = new ThresholdCalibrator("knn", 0.05);
        for (int i = 0; i < 10_000; i++) {
            (i % 2 == 0 ? a : b).observe(i);
        }
        a.merge(b);
        assertThat(a.count()).isEqualTo(10_000);
        assertThat(a.threshold()).isCloseTo(9500, within(10.0));
        assertThatThrownBy(() -> a.merge(new ThresholdCalibrator("energy", 0.05)))
                .hasMessage(
                        "cannot merge calibrator of scorer 'energy' at rate 0.05 into one of"
                                + " scorer 'knn' at rate 0.05");
    }

    @Test
    void nonFiniteScoresAndBadRatesAreRejectedNamingTheValue() {
        ThresholdCalibrator c = new ThresholdCalibrator("knn", 0.05);
        assertThatThrownBy(() -> c.observe(Double.NaN))
                .hasMessage("score of scorer 'knn' must be finite, got NaN");
        assertThatThrownBy(() -> new ThresholdCalibrator("knn", 0))
                .hasMessage("targetFlagRate must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> new ThresholdCalibrator(" ", 0.05))
                .hasMessage("scorer is blank: ' '");
        assertThatThrownBy(
                        () ->
                                ThresholdCalibrator.restore(
                                        new OodThresholdState(
                                                "knn", 0.05, 1.0, new byte[] {0, 0, 0, 1, 7})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sketch of scorer 'knn' is not a t-digest (5 bytes)");
    }
}
