package io.protoflow.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncrementalMetricsTest {

    private static final double EPS = 1e-12;

    private static Map<String, Double> acc(Object... classAndAccuracy) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < classAndAccuracy.length; i += 2) {
            m.put((String) classAndAccuracy[i], (Double) classAndAccuracy[i + 1]);
        }
        return m;
    }

    @Test
    void forgettingIsMeanOverOldClassesOfBestEarlierMinusFinal() {
        // stage 1: a, b; stage 2: c; stage 3: d
        List<Map<String, Double>> perStage =
                List.of(
                        acc("a", 0.9, "b", 0.8),
                        acc("a", 0.6, "b", 0.85, "c", 0.7),
                        acc("a", 0.5, "b", 0.8, "c", 0.75, "d", 1.0));
        // a: max(0.9, 0.6) - 0.5 = 0.4; b: max(0.8, 0.85) - 0.8 = 0.05;
        // c: 0.7 - 0.75 = -0.05 (it improved); d: introduced last, not counted
        double expected = (0.4 + 0.05 - 0.05) / 3;
        assertThat(IncrementalMetrics.forgetting(perStage)).isCloseTo(expected, within(EPS));
    }

    @Test
    void forgettingIsNaNWithOneStage() {
        assertThat(IncrementalMetrics.forgetting(List.of(acc("a", 1.0)))).isNaN();
    }

    @Test
    void forgettingIsZeroWhenNothingIsForgotten() {
        List<Map<String, Double>> perStage =
                List.of(acc("a", 0.9), acc("a", 0.9, "b", 0.5), acc("a", 0.9, "b", 0.5, "c", 0.1));
        assertThat(IncrementalMetrics.forgetting(perStage)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void averageIncrementalAccuracyIsMeanOfStageAccuracies() {
        double[] stageAccuracy = {1.0, 0.9, 0.75, 0.55};
        assertThat(IncrementalMetrics.averageIncrementalAccuracy(stageAccuracy))
                .isCloseTo((1.0 + 0.9 + 0.75 + 0.55) / 4, within(EPS));
        assertThat(IncrementalMetrics.averageIncrementalAccuracy(new double[0])).isNaN();
    }

    @Test
    void runResultDerivesMetricsFromPooledStageCounts() {
        // stage 1: classes a,b, 8/10 right; stage 2 adds c, 12/20 right overall, 3/10 on c
        StageResult s1 =
                new StageResult(
                        0, List.of("a", "b"), false, 100, acc("a", 1.0, "b", 0.6), 8, 10, 8, 10);
        StageResult s2 =
                new StageResult(
                        1,
                        List.of("c"),
                        false,
                        50,
                        acc("a", 0.8, "b", 0.5, "c", 0.3),
                        12,
                        20,
                        3,
                        10);
        RunResult r =
                new RunResult(
                        "x",
                        "class-incremental",
                        List.of(s1, s2),
                        120,
                        150,
                        150,
                        1_000_000_000L,
                        180,
                        2_000_000_000L);
        assertThat(r.finalAccuracy()).isCloseTo(0.6, within(EPS));
        assertThat(r.averageIncrementalAccuracy()).isCloseTo((0.8 + 0.6) / 2, within(EPS));
        assertThat(r.forgetting()).isCloseTo(((1.0 - 0.8) + (0.6 - 0.5)) / 2, within(EPS));
        assertThat(s2.newClassAccuracy()).isCloseTo(0.3, within(EPS));
        assertThat(r.prequentialAccuracy()).isCloseTo(0.8, within(EPS));
        assertThat(r.trainPerSecond()).isCloseTo(150.0, within(1e-9));
        assertThat(r.predictPerSecond()).isCloseTo(90.0, within(1e-9));
    }
}
