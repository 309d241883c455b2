package io.protoflow.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    private static final Map<String, Integer> GRADES = Map.of("a", 3, "b", 1, "c", 0);

    @Test
    void ndcgIsOneForTheIdealOrderAndDiscountsLateHits() {
        assertThat(RankingMetrics.ndcg(List.of("a", "b", "x"), GRADES, 10))
                .isCloseTo(1, within(1e-12));
        // DCG = 1/log2(2) + 3/log2(3); IDCG = 3/log2(2) + 1/log2(3)
        double dcg = 1 + 3 / (Math.log(3) / Math.log(2));
        double idcg = 3 + 1 / (Math.log(3) / Math.log(2));
        assertThat(RankingMetrics.ndcg(List.of("b", "a"), GRADES, 10))
                .isCloseTo(dcg / idcg, within(1e-12));
        assertThat(RankingMetrics.ndcg(List.of("x", "a"), GRADES, 1)).isZero();
    }

    @Test
    void reciprocalRankCountsOnlyGradesAboveZeroWithinK() {
        assertThat(RankingMetrics.reciprocalRank(List.of("c", "x", "b"), GRADES, 10))
                .isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMetrics.reciprocalRank(List.of("c", "x", "b"), GRADES, 2)).isZero();
    }

    @Test
    void recallIsTheShareOfRelevantDocumentsFound() {
        assertThat(RankingMetrics.recall(List.of("c", "b"), GRADES, 100)).isEqualTo(0.5);
        assertThat(RankingMetrics.recall(List.of("a"), Map.of("z", 0), 100)).isZero();
    }

    @Test
    void percentilesUseTheNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(Percentiles.of(v, 50)).isEqualTo(5);
        assertThat(Percentiles.of(v, 99)).isEqualTo(10);
        assertThat(Percentiles.of(v, 10)).isEqualTo(1);
    }
}
