package io.protoflow.core.drift;

import static io.protoflow.core.drift.SyntheticStreams.bernoulli;
import static io.protoflow.core.drift.SyntheticStreams.delays;
import static io.protoflow.core.drift.SyntheticStreams.drifts;
import static io.protoflow.core.drift.SyntheticStreams.gaussian;
import static io.protoflow.core.drift.SyntheticStreams.mean;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Detection delay, false alarms and gradual drift for each scalar detector on seeded synthetic
 * streams. Error streams switch from rate 0.2 to 0.35 at position 10,000 (abrupt), or ramp from 0.2
 * to 0.4 over positions 10,000..15,000 (gradual); 20 seeds each. Bounds are about 1.5x the worst
 * delay measured when the test was written, so they catch regressions, not noise.
 */
class ScalarDetectorBehaviourTest {

    private static final int CHANGE = 10_000;
    private static final int SEEDS = 20;

    private static double[] abrupt(long seed) {
        return bernoulli(100 + seed, 20_000, i -> i < CHANGE ? 0.2 : 0.35);
    }

    private static double[] gradual(long seed) {
        return bernoulli(
                200 + seed,
                30_000,
                i ->
                        i < CHANGE
                                ? 0.2
                                : i < CHANGE + 5000 ? 0.2 + 0.2 * (i - CHANGE) / 5000.0 : 0.4);
    }

    private static double[] stationary(long seed) {
        return bernoulli(300 + seed, 100_000, i -> 0.2);
    }

    private static Supplier<DriftDetector> adwin() {
        return () ->
                new AdwinDetector(AdwinConfig.defaults().withDirection(ChangeDirection.INCREASE));
    }

    @Test
    void adwinDetectsAbruptIncreaseWithinBoundedDelay() {
        List<Integer> delays = delays(adwin(), SEEDS, ScalarDetectorBehaviourTest::abrupt, CHANGE);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 600));
        assertThat(mean(delays)).isLessThan(300);
    }

    @Test
    void adwinRaisesNoAlarmOnStationaryStreamOf100k() {
        for (long seed = 0; seed < 3; seed++) {
            assertThat(drifts(adwin().get(), stationary(seed))).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void adwinDetectsGradualDriftWhileItUnfolds() {
        List<Integer> delays = delays(adwin(), SEEDS, ScalarDetectorBehaviourTest::gradual, CHANGE);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 3500));
    }

    @Test
    void pageHinkleyDetectsAbruptIncreaseWithinBoundedDelay() {
        List<Integer> delays =
                delays(
                        PageHinkleyDetector::new,
                        SEEDS,
                        ScalarDetectorBehaviourTest::abrupt,
                        CHANGE);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 700));
        assertThat(mean(delays)).isLessThan(350);
    }

    @Test
    void pageHinkleyFalseAlarmsStayBelowOnePer50kOnStationaryStream() {
        // CUSUM theory with delta 0.005, lambda 50 and variance 0.16 gives an average run length of
        // about 60k values between false alarms; measured: 3 in 500k
        int alarms = 0;
        for (long seed = 0; seed < 5; seed++) {
            alarms += drifts(new PageHinkleyDetector(), stationary(seed)).size();
        }
        assertThat(alarms).isLessThanOrEqualTo(10);
    }

    @Test
    void pageHinkleyDetectsGradualDrift() {
        List<Integer> delays =
                delays(
                        PageHinkleyDetector::new,
                        SEEDS,
                        ScalarDetectorBehaviourTest::gradual,
                        CHANGE);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 3500));
    }

    @Test
    void ddmDetectsLargeAbruptIncreaseWithinBoundedDelay() {
        // DDM compares with the best error rate seen, so it needs a clear jump: 0.1 -> 0.3
        List<Integer> delays =
                delays(
                        DdmDetector::new,
                        SEEDS,
                        s -> bernoulli(400 + s, 20_000, i -> i < CHANGE ? 0.1 : 0.3),
                        CHANGE);
        // DDM's error rate is the mean since its last restart, so it reacts slowly after a long
        // stable stretch (measured: 181..4606, mean 1320)
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 7000));
        assertThat(mean(delays)).isLessThan(2000);
    }

    @Test
    void ddmFalseAlarmsStayBelowTwoPer100kOnStationaryStream() {
        int alarms = 0;
        for (long seed = 0; seed < 5; seed++) {
            alarms += drifts(new DdmDetector(), stationary(seed)).size();
        }
        assertThat(alarms).isLessThanOrEqualTo(10);
    }

    @Test
    void ddmDetectsGradualDrift() {
        List<Integer> delays =
                delays(DdmDetector::new, SEEDS, ScalarDetectorBehaviourTest::gradual, CHANGE);
        // measured: 19 of 20 detected, 1983..16258 after the ramp starts
        List<Integer> detected = delays.stream().filter(d -> d >= 0).toList();
        assertThat(detected).hasSizeGreaterThanOrEqualTo(18);
        assertThat(mean(detected)).isLessThan(8000);
    }

    @Test
    void kswinDetectsAbruptShiftOfScoresWithinBoundedDelay() {
        List<Integer> delays =
                delays(
                        () -> new KswinDetector(KswinConfig.defaults(7)),
                        SEEDS,
                        s -> gaussian(500 + s, 4000, i -> i < 2000 ? 0 : 1),
                        2000);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 400));
        assertThat(mean(delays)).isLessThan(80);
    }

    @Test
    void kswinFalseAlarmRatePerValueStaysBelowAlpha() {
        // the test runs after every value at level alpha = 0.005: at most 500 per 100k values
        // (measured about 290: consecutive tests share most of their data)
        KswinDetector d = new KswinDetector(KswinConfig.defaults(3));
        int alarms = drifts(d, gaussian(600, 100_000, i -> 0)).size();
        assertThat(alarms).isLessThan(500);
        // and a stricter alpha makes it quiet
        KswinDetector strict = new KswinDetector(KswinConfig.defaults(3).withAlpha(1e-6));
        assertThat(drifts(strict, gaussian(600, 100_000, i -> 0)).size()).isLessThan(5);
    }

    @Test
    void kswinDetectsGradualShiftOfScoresWhenItsWindowSpansTheRamp() {
        // a window of 100 never holds both ends of a 1000-value ramp; 1000 with stat size 100 does
        // (measured delays 85..887)
        List<Integer> delays =
                delays(
                        () ->
                                new KswinDetector(
                                        KswinConfig.defaults(7)
                                                .withWindow(1000, 100)
                                                .withAlpha(1e-4)),
                        SEEDS,
                        s ->
                                gaussian(
                                        700 + s,
                                        6000,
                                        i -> i < 2000 ? 0 : Math.min(1, (i - 2000) / 1000.0)),
                        2000);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0, 2000));
    }
}
