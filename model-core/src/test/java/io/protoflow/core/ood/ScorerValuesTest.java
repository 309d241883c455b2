package io.protoflow.core.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Scores checked against values computed by hand, to 1e-9 unless stated. */
class ScorerValuesTest {

    private static LearnerState twoPrototypeState() {
        return new LearnerState(
                "prototype-mixture",
                2,
                Map.of(),
                List.of(
                        new ClassState(
                                "a",
                                3,
                                List.of(
                                        new PrototypeState(2, new double[] {1, 0}),
                                        new PrototypeState(1, new double[] {0, 2}))),
                        new ClassState(
                                "b", 1, List.of(new PrototypeState(1, new double[] {-3, 0})))));
    }

    @Test
    void maxCosineIsTheNegatedBestCosineOverAllPrototypes() {
        MaxCosineScorer s = new MaxCosineScorer(2);
        s.update(twoPrototypeState());
        // (1,1): cos with (1,0) = cos with (0,2) = 1/sqrt2, with (-3,0) = -1/sqrt2
        assertThat(s.score(new float[] {1, 1})).isCloseTo(-Math.sqrt(0.5), within(1e-9));
        assertThat(s.score(new float[] {-2, 0})).isCloseTo(-1.0, within(1e-9));
        assertThat(s.score(new float[] {0, -1})).isCloseTo(0.0, within(1e-9));
        assertThat(s.score(new float[] {0, 0})).isEqualTo(-0.0);
    }

    @Test
    void energyIsMinusTemperatureLogSumExpOfNegativeSquaredDistances() {
        EnergyScorer s = new EnergyScorer(2, 2.0);
        s.update(twoPrototypeState());
        // x = (0,0): squared distances 1, 4, 9
        double expected = -2.0 * Math.log(Math.exp(-0.5) + Math.exp(-2.0) + Math.exp(-4.5));
        assertThat(s.score(new float[] {0, 0})).isCloseTo(expected, within(1e-12));
        EnergyScorer cold = new EnergyScorer(2, 1e-3);
        cold.update(twoPrototypeState());
        assertThat(cold.score(new float[] {0, 0})).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void mahalanobisIsTheSquaredDistanceToTheNearestMeanUnderTheShrunkCovariance() {
        // Sigma = diag(4, 1), no shrinkage effect at s -> tiny; class means (0,0) and (10,0)
        LearnerState lda =
                new LearnerState(
                        "streaming-lda",
                        2,
                        Map.of(),
                        List.of(
                                new ClassState(
                                        "a",
                                        5,
                                        List.of(new PrototypeState(5, new double[] {0, 0}))),
                                new ClassState(
                                        "b",
                                        5,
                                        List.of(new PrototypeState(5, new double[] {10, 0})))),
                        new CovarianceState(2, 10, 1e-12, new double[] {4, 0, 1}),
                        null);
        MahalanobisScorer s =
                new MahalanobisScorer(
                        2,
                        MahalanobisScorer.CovarianceSource.LEARNER,
                        OptionalDouble.empty(),
                        1,
                        false);
        s.update(lda);
        assertThat(s.score(new float[] {2, 1})).isCloseTo(1.0 + 1.0, within(1e-9));
        assertThat(s.score(new float[] {7, -2})).isCloseTo(9.0 / 4 + 4.0, within(1e-9));
        // relative: Sigma_0 = diag(4, 1) + diag(25, 0) around (5, 0); 2 - (9/29 + 1) = 20/29
        MahalanobisScorer relative =
                new MahalanobisScorer(
                        2,
                        MahalanobisScorer.CovarianceSource.LEARNER,
                        OptionalDouble.empty(),
                        1,
                        true);
        relative.update(lda);
        assertThat(relative.score(new float[] {2, 1})).isCloseTo(20.0 / 29, within(1e-9));
        // shrinkage 0.5: Sigma_s = 0.5 diag(4,1) + 0.5 * 2.5 I = diag(3.25, 1.75)
        MahalanobisScorer shrunk =
                new MahalanobisScorer(
                        2,
                        MahalanobisScorer.CovarianceSource.LEARNER,
                        OptionalDouble.of(0.5),
                        1,
                        false);
        shrunk.update(lda);
        assertThat(shrunk.score(new float[] {2, 1})).isCloseTo(4 / 3.25 + 1 / 1.75, within(1e-9));
    }

    @Test
    void ownCovarianceEstimateScoresAsTheStreamingLdaStateDoes() {
        Blobs blobs = new Blobs(3);
        Learner lda = Learners.create("streaming-lda", Blobs.DIMENSION, Map.of());
        MahalanobisScorer own =
                (MahalanobisScorer)
                        OodScorers.create(
                                "mahalanobis",
                                Blobs.DIMENSION,
                                Map.of("covariance", "own", "refreshEvery", "1"));
        for (Blobs.Example e : blobs.next(2000)) {
            lda.learn(e.features(), e.label());
            own.observe(e.features(), e.label());
        }
        MahalanobisScorer fromLearner =
                (MahalanobisScorer) OodScorers.create("mahalanobis", Blobs.DIMENSION, Map.of());
        fromLearner.update(lda.snapshot());
        for (Blobs.Example e : blobs.next(50)) {
            double expected = fromLearner.score(e.features());
            assertThat(own.score(e.features())).isCloseTo(expected, within(1e-9 * expected));
        }
        MahalanobisScorer restored =
                MahalanobisScorer.restoreOwn(own.ownEstimate(), OptionalDouble.empty(), 1, false);
        float[] probe = blobs.next(1).get(0).features();
        assertThat(restored.score(probe)).isCloseTo(own.score(probe), within(1e-9));
    }

    @Test
    void knnScoreIsTheDistanceToTheKthNearestKeptExample() {
        KnnScorer s = new KnnScorer(2, 2, 10, false, 1);
        s.observe(new float[] {0, 0}, "a");
        s.observe(new float[] {3, 4}, "a");
        s.observe(new float[] {0, 1}, "b");
        s.observe(new float[] {6, 8}, "b");
        // from (0,0): distances 0, 5, 1, 10 -> second nearest is 1
        assertThat(s.score(new float[] {0, 0})).isEqualTo(1.0);
        // from (3,4): 5, 0, sqrt(9+9)=4.243, 5 -> second nearest sqrt(18)
        assertThat(s.score(new float[] {3, 4})).isCloseTo(Math.sqrt(18), within(1e-12));
        KnnScorer normalised = new KnnScorer(2, 1, 10, true, 1);
        normalised.observe(new float[] {5, 0}, "a");
        // (0,3) normalised is (0,1); distance to (1,0) is sqrt(2)
        assertThat(normalised.score(new float[] {0, 3})).isCloseTo(Math.sqrt(2), within(1e-7));
    }
}
