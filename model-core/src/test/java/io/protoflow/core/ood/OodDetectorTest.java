package io.protoflow.core.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.OodThresholdState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OodDetectorTest {

    private static final int D = Blobs.DIMENSION;

    private static OodDetector detector() {
        return new OodDetector(
                List.of(
                        OodScorers.create("knn", D, Map.of("k", "3", "reservoirSize", "200")),
                        OodScorers.create("energy", D, Map.of())),
                0.05);
    }

    @Test
    void testThenTrainLoopCalibratesAndFlagsTheOutlier() {
        Blobs blobs = new Blobs(31);
        Learner ncm = Learners.create("ncm", D, Map.of());
        OodDetector detector = detector();
        assertThat(detector.score(new float[D])).isEmpty();
        assertThat(detector.primaryOf(detector.score(new float[D]))).isEmpty();
        int learned = 0;
        for (Blobs.Example e : blobs.next(6000)) {
            List<OodDetector.Score> scores = detector.score(e.features());
            if (ncm.count(e.label()) >= 50) {
                detector.calibrate(scores);
            }
            ncm.learn(e.features(), e.label());
            detector.observe(e.features(), e.label());
            if (++learned % 500 == 0) {
                detector.update(ncm.snapshot());
            }
        }
        assertThat(detector.primary()).isEqualTo("knn");
        List<OodDetector.Score> outlier = detector.score(Blobs.clearlyOutOfDistribution());
        assertThat(outlier).extracting(OodDetector.Score::scorer).containsExactly("knn", "energy");
        assertThat(outlier).allMatch(OodDetector.Score::flagged);
        assertThat(detector.primaryOf(outlier).orElseThrow().scorer()).isEqualTo("knn");
        int flagged = 0;
        List<Blobs.Example> heldOut = blobs.next(5000);
        for (Blobs.Example e : heldOut) {
            if (detector.score(e.features()).get(0).flagged()) {
                flagged++;
            }
        }
        assertThat((double) flagged / heldOut.size()).isBetween(0.03, 0.07);

        OodDetector restored = detector();
        restored.restoreThresholds(detector.thresholds());
        restored.restoreScorerStates(detector.scorerStates());
        assertThat(restored.thresholds()).isEqualTo(detector.thresholds());
        assertThat(restored.scorerStates().keySet()).containsExactly("knn");
        float[] probe = blobs.next(1).get(0).features();
        assertThat(restored.score(probe).get(0)).isEqualTo(detector.score(probe).get(0));
    }

    @Test
    void ownMahalanobisEstimateTravelsThroughScorerStates() {
        Blobs blobs = new Blobs(8);
        OodDetector d =
                new OodDetector(
                        List.of(OodScorers.create("mahalanobis", D, Map.of("covariance", "own"))),
                        0.05);
        for (Blobs.Example e : blobs.next(500)) {
            d.observe(e.features(), e.label());
        }
        OodDetector restored =
                new OodDetector(
                        List.of(OodScorers.create("mahalanobis", D, Map.of("covariance", "own"))),
                        0.05);
        assertThat(restored.score(new float[D])).isEmpty();
        restored.restoreScorerStates(d.scorerStates());
        float[] probe = blobs.next(1).get(0).features();
        assertThat(restored.score(probe).get(0).score())
                .isCloseTo(d.score(probe).get(0).score(), within(1e-9));
    }

    @Test
    void restoringThresholdsIgnoresScorersItDoesNotHaveAndRejectsDuplicates() {
        OodDetector d = detector();
        OodThresholdState other = new OodThresholdState("mahalanobis", 0.05, 3.0, new byte[0]);
        d.restoreThresholds(List.of(other));
        assertThat(d.thresholds())
                .extracting(OodThresholdState::scorer)
                .containsExactly("knn", "energy");
        assertThatThrownBy(() -> d.restoreThresholds(List.of(other, other)))
                .hasMessage("thresholds has scorer 'mahalanobis' twice");
    }

    @Test
    void scorersMustDifferInNameAndAgreeInDimension() {
        assertThatThrownBy(
                        () ->
                                new OodDetector(
                                        List.of(new EnergyScorer(D, 1), new EnergyScorer(D, 2)),
                                        0.05))
                .hasMessage("two scorers are named 'energy'");
        assertThatThrownBy(
                        () ->
                                new OodDetector(
                                        List.of(new EnergyScorer(D, 1), new MaxCosineScorer(3)),
                                        0.05))
                .hasMessage("scorer 'max-cosine' has dimension 3, scorer 'energy' has 6");
    }
}
