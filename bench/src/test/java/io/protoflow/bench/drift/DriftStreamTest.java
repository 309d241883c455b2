package io.protoflow.bench.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yahoo.labs.samoa.instances.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftStreamTest {

    /** SEA labels 0 when x1 + x2 <= threshold; functions 3 and 4 have thresholds 7 and 9.5. */
    private static boolean agrees(Instance x, double threshold) {
        double sum = x.value(0) + x.value(1);
        return (sum <= threshold ? 0 : 1) == (int) x.classValue();
    }

    @Test
    void nestedDriftsTakeOverAtMultiplesOfTheSegment() {
        DriftStream stream = new DriftStream("sea", 3, 5000, 1, 1);
        assertThat(stream.centres()).containsExactly(5000, 10_000, 15_000);
        List<Instance> xs = stream.instances();
        assertThat(xs).hasSize(20_000);
        double[] thresholds = {9.5, 7, 9.5, 7};
        for (int k = 0; k < 3; k++) {
            int c = stream.centres()[k];
            // on inputs where the two concepts disagree, labels follow the old concept before the
            // centre and the new one after it (up to the 10% label noise)
            assertThat(agreement(xs, c - 1500, c, thresholds[k], thresholds[k + 1]))
                    .as("before drift %d", k + 1)
                    .isGreaterThan(0.85);
            assertThat(agreement(xs, c, c + 1500, thresholds[k + 1], thresholds[k]))
                    .as("after drift %d", k + 1)
                    .isGreaterThan(0.85);
        }
    }

    private static double agreement(
            List<Instance> xs, int from, int to, double concept, double other) {
        int n = 0;
        int agree = 0;
        for (int i = from; i < to; i++) {
            Instance x = xs.get(i);
            if (agrees(x, concept) != agrees(x, other)) {
                n++;
                if (agrees(x, concept)) {
                    agree++;
                }
            }
        }
        return (double) agree / n;
    }

    @Test
    void specIsReproducibleMoaCommandLine() {
        assertThat(new DriftStream("agrawal", 2, 1000, 100, 3).moaSpec())
                .isEqualTo(
                        "ConceptDriftStream -s (generators.AgrawalGenerator -f 1 -i 300) -d"
                                + " (ConceptDriftStream -s (generators.AgrawalGenerator -f 4 -i 301)"
                                + " -d (generators.AgrawalGenerator -f 7 -i 302) -p 1000 -w 100 -r"
                                + " 301) -p 1000 -w 100 -r 300");
        assertThatThrownBy(() -> new DriftStream("hyperplane", 2, 1000, 1, 1))
                .hasMessage("generator must be one of [sea, agrawal, rbf], got 'hyperplane'");
        assertThatThrownBy(() -> new DriftStream("sea", 2, 1000, 1000, 1))
                .hasMessage("segment must be > width 1000, got 1000");
    }

    @Test
    void prequentialErrorsOfNaiveBayesRiseAfterAnAbruptDrift() {
        DriftStream stream = new DriftStream("agrawal", 1, 10_000, 1, 1);
        double[] e = PrequentialErrors.of(stream, "nb");
        assertThat(e).hasSize(20_000);
        assertThat(mean(e, 10_000, 11_000)).isGreaterThan(mean(e, 8000, 10_000) + 0.2);
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }
}
