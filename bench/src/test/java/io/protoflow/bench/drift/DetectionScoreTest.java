package io.protoflow.bench.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionScoreTest {

    @Test
    void firstDetectionInAWindowCountsTheRestAreRepeatsOrFalseAlarms() {
        // drifts at 1000 and 3000, width 200: windows [900, 1100 + 500] and [2900, 3600]
        DetectionScore s =
                DetectionScore.of(
                        List.of(400, 950, 1200, 1700, 2950, 3000, 4500),
                        new int[] {1000, 3000},
                        200,
                        500,
                        5000);
        assertThat(s.drifts()).isEqualTo(2);
        assertThat(s.detected()).isEqualTo(2);
        assertThat(s.delays()).containsExactly(50, 50);
        assertThat(s.repeats()).isEqualTo(2); // 1200 and 3000
        assertThat(s.falseAlarms()).isEqualTo(3); // 400, 1700, 4500
        assertThat(s.quietRecords()).isEqualTo(5000 - 2 * 701);
        assertThat(s.falseAlarmsPer100k()).isCloseTo(3 * 100_000.0 / 3598, within(1e-9));
        assertThat(s.meanDelay()).isEqualTo(50.0);
    }

    @Test
    void missedDriftAndWindowsThatWouldOverlapStopAtTheNextDrift() {
        // abrupt drifts at 100 and 200 with max delay 500: the first window ends at 199
        DetectionScore s = DetectionScore.of(List.of(250), new int[] {100, 200}, 1, 500, 1000);
        assertThat(s.detected()).isEqualTo(1);
        assertThat(s.missed()).isEqualTo(1);
        assertThat(s.delays()).containsExactly(50);
        assertThat(s.falseAlarms()).isZero();
        DetectionScore sum = DetectionScore.sum(List.of(s, s));
        assertThat(sum.drifts()).isEqualTo(4);
        assertThat(sum.delays()).containsExactly(50, 50);
    }
}
