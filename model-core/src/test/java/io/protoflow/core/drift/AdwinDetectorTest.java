package io.protoflow.core.drift;

import static io.protoflow.core.drift.SyntheticStreams.bernoulli;
import static io.protoflow.core.drift.SyntheticStreams.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdwinDetectorTest {

    @Test
    void histogramKeepsExactWindowMeanAndVarianceWithoutCuts() {
        double[] x = gaussian(1, 5000, i -> 3.0);
        AdwinDetector d = new AdwinDetector();
        for (double v : x) {
            assertThat(d.update(v)).isEqualTo(DriftState.NONE);
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        AdwinState s = d.snapshot();
        assertThat(s.width()).isEqualTo(5000);
        assertThat(d.estimate()).isCloseTo(mean, within(1e-12));
        // pairwise bucket merges reassociate the sums: relative 1e-10
        assertThat(s.variance()).isCloseTo(ss, within(ss * 1e-10));
        double bucketVariance = 0;
        for (double v : s.bucketVariances()) {
            bucketVariance += v;
        }
        assertThat(bucketVariance).isLessThanOrEqualTo(s.variance() * (1 + 1e-12));
        // O(M log n) buckets: at most 5 per row and log2(5000) rows
        assertThat(s.bucketSums().length).isLessThanOrEqualTo(5 * 13);
    }

    @Test
    void cutDropsTheOldRegimeAndReportsItsMeans() {
        AdwinDetector d = new AdwinDetector();
        double[] x = bernoulli(2, 12_000, i -> i < 10_000 ? 0.1 : 0.6);
        int firstDrift = -1;
        for (int i = 0; i < x.length; i++) {
            if (d.update(x[i]) == DriftState.DRIFT && firstDrift < 0) {
                firstDrift = i;
                assertThat(d.evidence().get("meanBefore")).isCloseTo(0.1, within(0.02));
                // the first cut scans oldest first: its newer side still holds old values
                assertThat(d.evidence().get("meanAfter")).isGreaterThan(0.2);
                assertThat(d.evidence().get("epsilon"))
                        .isLessThan(d.evidence().get("meanAfter") - d.evidence().get("meanBefore"));
            }
        }
        assertThat(firstDrift).isBetween(10_000, 10_200);
        assertThat(d.width()).isLessThan(2500);
        assertThat(d.estimate()).isCloseTo(0.6, within(0.05));
        assertThat(d.drifts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void defaultsAreMoasAdwin() {
        AdwinConfig c = AdwinConfig.defaults();
        assertThat(c.delta()).isEqualTo(0.002);
        assertThat(c.checkEvery()).isEqualTo(32);
        assertThat(c.maxBucketsPerRow()).isEqualTo(5);
        assertThat(c.minSubWindow()).isEqualTo(7);
        assertThat(c.lengthDiscount()).isEqualTo(4);
    }

    @Test
    void lengthDiscountMakesCutsNextToAShortSubWindowNeedMoreEvidence() {
        // 300 zeros then ones, tested after every value: the exact bound cuts once 8 ones are in
        // (eps 0.98 < 1), MOA's discount only at 12 (its 8-value newer side would count as 4)
        double[] x = new double[400];
        for (int i = 300; i < x.length; i++) {
            x[i] = 1;
        }
        AdwinConfig exact = new AdwinConfig(0.002, 0, 1, 5, 7, 0, ChangeDirection.BOTH);
        AdwinConfig discounted = new AdwinConfig(0.002, 0, 1, 5, 7, 4, ChangeDirection.BOTH);
        assertThat(SyntheticStreams.drifts(new AdwinDetector(exact), x).get(0)).isEqualTo(307);
        assertThat(SyntheticStreams.drifts(new AdwinDetector(discounted), x).get(0)).isEqualTo(311);
    }

    @Test
    void increaseOnlyDetectorAdaptsToADecreaseWithoutReportingIt() {
        AdwinDetector d =
                new AdwinDetector(AdwinConfig.defaults().withDirection(ChangeDirection.INCREASE));
        double[] x = bernoulli(3, 15_000, i -> i < 10_000 ? 0.5 : 0.1);
        for (double v : x) {
            assertThat(d.update(v)).isNotEqualTo(DriftState.DRIFT);
        }
        // the cut came within a few dozen values of the change
        assertThat(d.width()).isBetween(5000L, 5300L);
        assertThat(d.estimate()).isCloseTo(0.1, within(0.03));
    }

    @Test
    void warningDeltaWarnsBeforeTheDrift() {
        AdwinDetector d = new AdwinDetector(AdwinConfig.defaults().withWarningDelta(0.3));
        double[] x = bernoulli(4, 12_000, i -> i < 10_000 ? 0.2 : 0.4);
        int warning = -1;
        int drift = -1;
        for (int i = 0; i < x.length; i++) {
            DriftState s = d.update(x[i]);
            if (i >= 10_000 && s == DriftState.WARNING && warning < 0) {
                warning = i;
            }
            if (i >= 10_000 && s == DriftState.DRIFT && drift < 0) {
                drift = i;
            }
        }
        assertThat(warning).isPositive();
        assertThat(drift).isGreaterThan(warning);
    }

    @Test
    void resetForgetsEverything() {
        AdwinDetector d = new AdwinDetector();
        for (double v : bernoulli(5, 3000, i -> 0.3)) {
            d.update(v);
        }
        d.reset();
        assertThat(d.count()).isZero();
        assertThat(d.width()).isZero();
        assertThat(d.evidence()).isEmpty();
        assertThat(d.snapshot()).isEqualTo(new AdwinDetector().snapshot());
    }

    @Test
    void rejectsNonFiniteValuesAndInvalidConfigNamingFieldAndValue() {
        AdwinDetector d = new AdwinDetector();
        assertThatThrownBy(() -> d.update(Double.NaN))
                .hasMessage("adwin value must be finite, got NaN");
        assertThatThrownBy(() -> AdwinConfig.defaults().withDelta(0))
                .hasMessage("delta must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> AdwinConfig.defaults().withCheckEvery(0))
                .hasMessage("checkEvery must be >= 1, got 0");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 0, 32, 5, 7, 7, ChangeDirection.INCREASE))
                .hasMessage("lengthDiscount must be in [0, minSubWindow) = [0, 7), got 7");
        assertThatThrownBy(() -> AdwinConfig.defaults().withWarningDelta(0.001))
                .hasMessage(
                        "warningDelta must be 0 (off) or in (delta, 1) = (0.002, 1), got 0.001");
    }
}
