package io.protoflow.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OodMetricsTest {

    @Test
    void aurocCountsOrderedPairsWithTiesAsHalves() {
        double[] in = {1, 2, 3, 4};
        double[] ood = {3, 5, 6};
        // pairs (ood > in): 3 beats 1, 2 and ties 3 -> 2.5; 5 and 6 beat all 4 -> 10.5 of 12
        assertThat(OodMetrics.auroc(in, ood)).isCloseTo(10.5 / 12, within(1e-15));
        assertThat(OodMetrics.auroc(new double[] {0, 1}, new double[] {2, 3})).isEqualTo(1.0);
        assertThat(OodMetrics.auroc(new double[] {2, 3}, new double[] {0, 1})).isEqualTo(0.0);
        assertThat(OodMetrics.auroc(new double[] {1, 1}, new double[] {1})).isEqualTo(0.5);
    }

    @Test
    void fprIsTheShareOfOodAcceptedAtTheThresholdThatAcceptsTheTprOfInDistribution() {
        double[] in = new double[20];
        for (int i = 0; i < 20; i++) {
            in[i] = i + 1; // 1..20: 95% (19 of 20) are <= 19
        }
        double[] ood = {0.5, 18.5, 19, 19.5, 25};
        // threshold 19: OOD at or below it are 0.5, 18.5, 19 -> 3 of 5
        assertThat(OodMetrics.fprAtTpr(in, ood, 0.95)).isEqualTo(0.6);
        // four in-distribution scores: 95% needs all four, threshold 4
        assertThat(OodMetrics.fprAtTpr(new double[] {1, 2, 3, 4}, new double[] {3, 5, 6}, 0.95))
                .isCloseTo(1.0 / 3, within(1e-15));
        assertThat(OodMetrics.fprAtTpr(new double[] {1, 2, 3, 4}, new double[] {3, 5, 6}, 0.5))
                .isEqualTo(0.0);
    }

    @Test
    void flagRateCountsScoresStrictlyAboveTheThreshold() {
        assertThat(OodMetrics.flagRate(new double[] {1, 2, 3, 4}, 2)).isEqualTo(0.5);
        assertThat(OodMetrics.flagRate(new double[] {1, 2}, Double.POSITIVE_INFINITY)).isZero();
    }

    @Test
    void emptyOrNanScoresAreRejected() {
        assertThatThrownBy(() -> OodMetrics.auroc(new double[0], new double[] {1}))
                .hasMessage("no in-distribution scores");
        assertThatThrownBy(() -> OodMetrics.auroc(new double[] {1}, new double[] {2, Double.NaN}))
                .hasMessage("out-of-distribution score [1] is NaN");
        assertThatThrownBy(() -> OodMetrics.fprAtTpr(new double[] {1}, new double[] {1}, 0))
                .hasMessage("tpr must be in (0, 1], got 0.0");
    }
}
