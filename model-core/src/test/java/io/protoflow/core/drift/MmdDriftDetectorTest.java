package io.protoflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.drift.MmdConfig.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MmdDriftDetectorTest {

    private static final int D = 32;

    /** N(shift, I) in 32 dimensions. */
    private static float[] gaussian(Random random, double shift) {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = (float) (random.nextGaussian() + shift);
        }
        return x;
    }

    /** Positions of DRIFT on a stream that shifts every coordinate by {@code shift} at 1500. */
    private static List<Integer> run(MmdDriftDetector d, long seed, double shift, int length) {
        return run(d, seed, shift, length, new ArrayList<>());
    }

    private static List<Integer> run(
            MmdDriftDetector d,
            long seed,
            double shift,
            int length,
            List<Map<String, Double>> evidence) {
        Random random = new Random(seed);
        List<Integer> drifts = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            if (d.update(gaussian(random, i < 1500 ? 0 : shift)) == DriftState.DRIFT) {
                drifts.add(i);
                evidence.add(d.evidence());
            }
        }
        return drifts;
    }

    @Test
    void detectsMeanShiftIn32Dimensions() {
        // a shift of 0.25 per coordinate (norm 1.4, against a spread of sqrt(32) = 5.7 per point)
        for (long seed = 0; seed < 5; seed++) {
            MmdDriftDetector d = new MmdDriftDetector(MmdConfig.defaults(D, seed));
            List<Map<String, Double>> evidence = new ArrayList<>();
            List<Integer> drifts = run(d, seed, 0.25, 2500, evidence);
            assertThat(drifts).as("seed %d", seed).isNotEmpty();
            assertThat(drifts.get(0)).as("seed %d", seed).isBetween(1500, 1500 + 2 * 128);
            Map<String, Double> e = evidence.get(0);
            assertThat(e.get("pValue")).isLessThanOrEqualTo(0.01);
            assertThat(e.get("mmd2")).isGreaterThan(e.get("threshold"));
            assertThat(e.get("windowSize")).isEqualTo(128.0);
        }
    }

    @Test
    void permutationCalibrationAlsoDetectsTheShift() {
        MmdConfig config =
                MmdConfig.defaults(D, 3)
                        .withWindows(128, 64, 64)
                        .withCalibration(Calibration.PERMUTATION, 199);
        List<Integer> drifts = run(new MmdDriftDetector(config), 3, 0.3, 2000);
        assertThat(drifts).isNotEmpty();
        assertThat(drifts.get(0)).isBetween(1500, 1500 + 2 * 64);
    }

    @Test
    void doesNotFlagAResampleOfTheSameDistribution() {
        // about 70 tests per stream at alpha 0.001: a false alarm would be a 1-in-14 event per
        // stream
        MmdConfig strict =
                new MmdConfig(D, 256, 128, 64, 0, Calibration.REFERENCE, 999, 0.001, 0, true, 1);
        for (long seed = 0; seed < 3; seed++) {
            assertThat(run(new MmdDriftDetector(strict), 50 + seed, 0.0, 5000))
                    .as("seed %d", seed)
                    .isEmpty();
        }
    }

    @Test
    void falseAlarmRatePerTestStaysNearAlphaOnResamples() {
        // 20 streams x 32 tests at alpha 0.01: about 6 alarms expected; the reference null is
        // slightly conservative (measured 1 in the first 10 streams)
        int alarms = 0;
        int tests = 0;
        for (long seed = 0; seed < 20; seed++) {
            MmdDriftDetector d = new MmdDriftDetector(MmdConfig.defaults(D, seed));
            alarms += run(d, 100 + seed, 0.0, 2400).size();
            tests += (2400 - 256 - 128) / 64 + 1;
        }
        assertThat((double) alarms / tests).isLessThanOrEqualTo(0.02);
    }

    @Test
    void medianHeuristicMatchesTheDistanceScale() {
        // |x - y|^2 of two N(0, I_32) points is 2 chi^2_32, median about 62.7: h = sqrt(62.7 / 2)
        MmdDriftDetector d = new MmdDriftDetector(MmdConfig.defaults(D, 1));
        Random random = new Random(8);
        for (int i = 0; i < 256; i++) {
            d.update(gaussian(random, 0));
        }
        assertThat(d.armed()).isTrue();
        assertThat(d.bandwidth()).isCloseTo(Math.sqrt(62.7 / 2), within(0.15));
        MmdDriftDetector fixed = new MmdDriftDetector(MmdConfig.defaults(D, 1).withBandwidth(3));
        for (int i = 0; i < 256; i++) {
            fixed.update(gaussian(random, 0));
        }
        assertThat(fixed.bandwidth()).isEqualTo(3.0);
    }

    @Test
    void rereferencesAfterADriftSoTheNewRegimeBecomesNormal() {
        MmdDriftDetector d = new MmdDriftDetector(MmdConfig.defaults(D, 4));
        List<Integer> drifts = run(d, 4, 1.0, 5000);
        assertThat(drifts).hasSize(1);
        MmdDriftDetector sticky =
                new MmdDriftDetector(MmdConfig.defaults(D, 4).withRereference(false));
        assertThat(run(sticky, 4, 1.0, 5000)).hasSizeGreaterThan(20);
    }

    @Test
    void restoredDetectorContinuesExactly() {
        for (Calibration c : Calibration.values()) {
            MmdConfig config =
                    MmdConfig.defaults(8, 6).withWindows(64, 32, 16).withCalibration(c, 199);
            MmdDriftDetector original = new MmdDriftDetector(config);
            Random random = new Random(6);
            float[][] stream = new float[1200][8];
            for (int i = 0; i < stream.length; i++) {
                for (int k = 0; k < 8; k++) {
                    stream[i][k] = (float) (random.nextGaussian() + (i < 600 ? 0 : 0.8));
                }
            }
            for (int i = 0; i < 500; i++) {
                original.update(stream[i]);
            }
            MmdState decoded =
                    DriftStateCodec.decodeMmd(DriftStateCodec.encode(original.snapshot()));
            assertThat(decoded).isEqualTo(original.snapshot());
            MmdDriftDetector restored = MmdDriftDetector.restore(decoded);
            List<DriftState> a = new ArrayList<>();
            List<DriftState> b = new ArrayList<>();
            for (int i = 500; i < stream.length; i++) {
                a.add(original.update(stream[i]));
                b.add(restored.update(stream[i]));
            }
            assertThat(b).as(c.name()).isEqualTo(a).contains(DriftState.DRIFT);
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        }
    }

    @Test
    void rejectsWrongDimensionAndInvalidConfigNamingFieldAndValue() {
        MmdDriftDetector d = new MmdDriftDetector(MmdConfig.defaults(4, 1));
        assertThatThrownBy(() -> d.update(new float[3]))
                .hasMessage("features has dimension 3, model expects 4");
        assertThatThrownBy(() -> MmdConfig.defaults(4, 1).withWindows(100, 100, 10))
                .hasMessage("referenceSize must be >= windowSize + 2 = 102, got 100");
        assertThatThrownBy(
                        () -> MmdConfig.defaults(4, 1).withCalibration(Calibration.PERMUTATION, 50))
                .hasMessage(
                        "calibrationSamples must be >= 99 for alpha 0.01 (p-values are multiples"
                                + " of 1/(calibrationSamples + 1)), got 50");
        assertThatThrownBy(() -> MmdConfig.defaults(0, 1))
                .hasMessage("dimension must be >= 1, got 0");
    }
}
