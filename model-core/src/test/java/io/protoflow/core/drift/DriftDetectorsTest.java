package io.protoflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDetectorsTest {

    @Test
    void createsEachTypeWithDefaultsOrGivenParameters() {
        assertThat(DriftDetectors.create("adwin", Map.of()).snapshot())
                .isEqualTo(new AdwinDetector().snapshot());
        DriftDetector adwin =
                DriftDetectors.create(
                        "ADWIN",
                        Map.of("delta", "0.01", "direction", "increase", "checkEvery", "8"));
        assertThat(((AdwinDetector) adwin).config())
                .isEqualTo(
                        AdwinConfig.defaults()
                                .withDelta(0.01)
                                .withDirection(ChangeDirection.INCREASE)
                                .withCheckEvery(8));
        assertThat(((DdmDetector) DriftDetectors.create("ddm", Map.of("driftLevel", "4"))).config())
                .isEqualTo(new DdmConfig(30, 2, 4));
        assertThat(
                        ((PageHinkleyDetector)
                                        DriftDetectors.create(
                                                "page-hinkley", Map.of("lambda", "25")))
                                .config())
                .isEqualTo(PageHinkleyConfig.defaults().withLambda(25));
        assertThat(
                        ((KswinDetector)
                                        DriftDetectors.create(
                                                "kswin", Map.of("seed", "5", "windowSize", "200")))
                                .config())
                .isEqualTo(KswinConfig.defaults(5).withWindow(200, 30));
    }

    @Test
    void rejectsUnknownTypesParametersAndValuesNamingThem() {
        assertThatThrownBy(() -> DriftDetectors.create("cusum", Map.of()))
                .hasMessage(
                        "unknown drift detector type 'cusum', known: [adwin, ddm, page-hinkley,"
                                + " kswin]");
        assertThatThrownBy(() -> DriftDetectors.create("ddm", Map.of("delta", "0.1")))
                .hasMessage(
                        "unknown parameter 'delta' for drift detector ddm, known: [minInstances,"
                                + " warningLevel, driftLevel]");
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("delta", "tiny")))
                .hasMessage(
                        "parameter delta of drift detector adwin has invalid value 'tiny',"
                                + " expected a finite number");
        assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("direction", "up")))
                .hasMessage(
                        "parameter direction of drift detector adwin has invalid value 'up',"
                                + " expected one of increase, decrease, both");
        assertThatThrownBy(() -> DriftDetectors.create("kswin", Map.of("statSize", "60")))
                .hasMessage("windowSize must be >= 2 * statSize = 120, got 100");
    }

    @Test
    void configRecordsNameFieldAndValue() {
        assertThatThrownBy(() -> new DdmConfig(30, 3, 2))
                .hasMessage("driftLevel must be finite and > warningLevel (3.0), got 2.0");
        assertThatThrownBy(() -> new DdmConfig(0, 2, 3))
                .hasMessage("minInstances must be >= 1, got 0");
        assertThatThrownBy(() -> PageHinkleyConfig.defaults().withLambda(0))
                .hasMessage("lambda must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> PageHinkleyConfig.defaults().withDelta(-1))
                .hasMessage("delta must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> KswinConfig.defaults(1).withAlpha(1))
                .hasMessage("alpha must be in (0, 1), got 1.0");
    }

    @Test
    void errorRateDetectorRejectsValuesOutsideUnitInterval() {
        assertThatThrownBy(() -> new DdmDetector().update(2))
                .hasMessage(
                        "ddm value must be an error indicator in [0, 1] (1 = mistake), got 2.0");
    }

    @Test
    void ddmEvidenceShowsTheControlLimitsAtTheDrift() {
        DdmDetector d = new DdmDetector();
        double[] x = SyntheticStreams.bernoulli(1, 6000, i -> i < 5000 ? 0.1 : 0.5);
        Map<String, Double> atDrift = null;
        for (int i = 0; i < x.length; i++) {
            if (d.update(x[i]) == DriftState.DRIFT && i >= 5000) {
                atDrift = d.evidence();
                break;
            }
        }
        assertThat(atDrift).isNotNull();
        double p = atDrift.get("errorRate");
        double s = atDrift.get("std");
        assertThat(p + s).isGreaterThan(atDrift.get("driftThreshold"));
        assertThat(atDrift.get("driftThreshold"))
                .isCloseTo(atDrift.get("minErrorRate") + 3 * atDrift.get("minStd"), within(1e-12));
        // pMin is where p + s was lowest since the last restart: at or a little below the old rate
        assertThat(atDrift.get("minErrorRate")).isBetween(0.05, 0.11);
        assertThat(p).isGreaterThan(atDrift.get("minErrorRate"));
    }

    @Test
    void kolmogorovSmirnovMatchesKnownValues() {
        // disjoint samples: D = 1; identical: D = 0; ties step together
        assertThat(KolmogorovSmirnov.statistic(new double[] {1, 2, 3}, new double[] {4, 5, 6}))
                .isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.statistic(new double[] {1, 2, 3}, new double[] {3, 2, 1}))
                .isEqualTo(0.0);
        assertThat(
                        KolmogorovSmirnov.statistic(
                                new double[] {0, 0, 1, 1}, new double[] {0, 1, 1, 1}))
                .isEqualTo(0.25);
        // Kolmogorov distribution: Q(1.36) = 0.049, Q(1.63) = 0.0098 (standard table values)
        double ne = 10_000; // large samples: the correction vanishes
        assertThat(KolmogorovSmirnov.pValue(1.36 / Math.sqrt(ne), 20_000, 20_000))
                .isCloseTo(0.049, within(0.002));
        assertThat(KolmogorovSmirnov.pValue(1.63 / Math.sqrt(ne), 20_000, 20_000))
                .isCloseTo(0.0098, within(0.0006));
        assertThat(KolmogorovSmirnov.pValue(0.0, 30, 30)).isEqualTo(1.0);
    }

    @Test
    void splitMixSamplesUniformlyAndResumesFromItsState() {
        SplitMix64 r = new SplitMix64(42);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_600, 10_400);
        }
        SplitMix64 copy = new SplitMix64(r.state());
        assertThat(copy.nextLong()).isEqualTo(r.nextLong());
    }
}
