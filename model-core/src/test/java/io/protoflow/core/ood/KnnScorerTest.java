package io.protoflow.core.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnnScorerTest {

    private static KnnScorer fed(long seed, List<Blobs.Example> stream) {
        KnnScorer s = new KnnScorer(Blobs.DIMENSION, 3, 50, true, seed);
        for (Blobs.Example e : stream) {
            s.observe(e.features(), e.label());
        }
        return s;
    }

    @Test
    void reservoirKeepsAtMostItsSizePerClassAndCountsEveryExample() {
        List<Blobs.Example> stream = new Blobs(1).next(3000);
        KnnScorer s = fed(7, stream);
        assertThat(s.reservoir()).hasSize(3);
        for (KnnScorer.ClassReservoir c : s.reservoir()) {
            assertThat(c.examples()).hasSize(50);
            assertThat(c.seen())
                    .isEqualTo(stream.stream().filter(e -> e.label().equals(c.label())).count());
        }
    }

    @Test
    void reservoirSampleIsUniformOverTheStream() {
        // Feed 0..9999 as a one-feature class: a uniform sample of 50 has mean near 5000
        // (standard error 10000/sqrt(12*50) = 408); average over seeds to tighten it.
        double sum = 0.0;
        int kept = 0;
        for (long seed = 0; seed < 20; seed++) {
            KnnScorer s = new KnnScorer(1, 1, 50, false, seed);
            for (int i = 0; i < 10_000; i++) {
                s.observe(new float[] {i}, "a");
            }
            for (float[] e : s.reservoir().get(0).examples()) {
                sum += e[0];
                kept++;
            }
        }
        assertThat(sum / kept).isBetween(5000 - 300.0, 5000 + 300.0);
    }

    @Test
    void sameSeedSameReservoirAndAnotherSeedAnother() {
        List<Blobs.Example> stream = new Blobs(2).next(2000);
        float[] probe = new Blobs(9).next(1).get(0).features();
        assertThat(fed(7, stream).score(probe)).isEqualTo(fed(7, stream).score(probe));
        assertThat(fed(7, stream).reservoir().get(0).examples().get(0))
                .isNotEqualTo(fed(8, stream).reservoir().get(0).examples().get(0));
    }

    @Test
    void restoredReservoirScoresAndSamplesExactlyAsTheOriginal() {
        List<Blobs.Example> stream = new Blobs(4).next(3000);
        KnnScorer original = fed(5, stream.subList(0, 2000));
        LearnerState state =
                SnapshotCodec.decodeLearnerState(
                        SnapshotCodec.encodeLearnerState(original.state()));
        assertThat(state.learnerType()).isEqualTo("knn-reservoir");
        assertThat(state.params())
                .isEqualTo(
                        Map.of("k", "3", "reservoirSize", "50", "normalize", "true", "seed", "5"));
        assertThat(state.classes().get(0).prototypes()).hasSize(50);
        KnnScorer restored = KnnScorer.restore(state);
        for (Blobs.Example e : stream.subList(2000, 3000)) {
            original.observe(e.features(), e.label());
            restored.observe(e.features(), e.label());
        }
        float[] probe = new Blobs(9).next(1).get(0).features();
        assertThat(restored.score(probe)).isEqualTo(original.score(probe));
        assertThat(restored.reservoir().get(1).examples())
                .containsExactlyElementsOf(original.reservoir().get(1).examples());
    }

    @Test
    void restoreRejectsOtherStates() {
        assertThatThrownBy(() -> KnnScorer.restore(new LearnerState("ncm", 2, Map.of(), List.of())))
                .hasMessage("state type is 'ncm', expected 'knn-reservoir'");
    }

    @Test
    void restoreRejectsAnOversizedClass() {
        KnnScorer big = fed(1, new Blobs(1).next(600));
        KnnScorer small = new KnnScorer(Blobs.DIMENSION, 3, 10, true, 1);
        assertThatThrownBy(() -> small.restore(big.reservoir()))
                .hasMessageMatching("class 'c\\d' keeps 50 examples, reservoirSize is 10");
    }
}
