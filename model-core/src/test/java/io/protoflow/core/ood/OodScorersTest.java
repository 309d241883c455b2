package io.protoflow.core.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OodScorersTest {

    private static final int D = Blobs.DIMENSION;

    /** Every scorer with a learner type it is meaningful for. */
    static Stream<Arguments> scorerAndLearner() {
        return Stream.of(
                Arguments.of("mahalanobis", Map.of(), "streaming-lda", Map.of()),
                Arguments.of("mahalanobis", Map.of("covariance", "own"), "ncm", Map.of()),
                Arguments.of(
                        "mahalanobis",
                        Map.of("relative", "true", "covariance", "own"),
                        "prototype-mixture",
                        Map.of()),
                Arguments.of("mahalanobis", Map.of("relative", "true"), "streaming-lda", Map.of()),
                Arguments.of(
                        "mahalanobis",
                        Map.of(),
                        "random-features",
                        Map.of("outputDimension", "32", "seed", "3")),
                Arguments.of("max-cosine", Map.of(), "ncm", Map.of()),
                Arguments.of("max-cosine", Map.of(), "prototype-mixture", Map.of()),
                Arguments.of(
                        "max-cosine",
                        Map.of(),
                        "random-features",
                        Map.of("outputDimension", "32", "seed", "3", "inner", "ncm")),
                Arguments.of("knn", Map.of("k", "5", "reservoirSize", "100"), "ncm", Map.of()),
                Arguments.of("knn", Map.of("normalize", "true"), "streaming-lda", Map.of()),
                Arguments.of("energy", Map.of(), "ncm", Map.of()),
                Arguments.of("energy", Map.of("temperature", "4"), "prototype-mixture", Map.of()));
    }

    private static OodScorer trained(
            String scorer,
            Map<String, String> params,
            String learnerType,
            Map<String, String> learnerParams,
            List<Blobs.Example> train) {
        Learner learner = Learners.create(learnerType, D, learnerParams);
        OodScorer s = OodScorers.create(scorer, D, params);
        assertThat(s.ready()).isFalse();
        for (Blobs.Example e : train) {
            learner.learn(e.features(), e.label());
            s.observe(e.features(), e.label());
        }
        s.update(learner.snapshot());
        assertThat(s.ready()).isTrue();
        return s;
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @MethodSource("scorerAndLearner")
    void clearlyOutOfDistributionPointScoresAboveEveryInDistributionPoint(
            String scorer,
            Map<String, String> params,
            String learnerType,
            Map<String, String> learnerParams) {
        Blobs blobs = new Blobs(11);
        OodScorer s = trained(scorer, params, learnerType, learnerParams, blobs.next(3000));
        double maxInDistribution = Double.NEGATIVE_INFINITY;
        for (Blobs.Example e : blobs.next(1000)) {
            maxInDistribution = Math.max(maxInDistribution, s.score(e.features()));
        }
        assertThat(s.score(Blobs.clearlyOutOfDistribution())).isGreaterThan(maxInDistribution);
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @MethodSource("scorerAndLearner")
    void calibratedThresholdFlagsTheTargetRateOfHeldOutInDistributionData(
            String scorer,
            Map<String, String> params,
            String learnerType,
            Map<String, String> learnerParams) {
        Blobs blobs = new Blobs(23);
        OodScorer s = trained(scorer, params, learnerType, learnerParams, blobs.next(5000));
        ThresholdCalibrator calibrator = new ThresholdCalibrator(scorer, 0.05);
        for (Blobs.Example e : blobs.next(20_000)) {
            calibrator.observe(s.score(e.features()));
        }
        int flagged = 0;
        List<Blobs.Example> heldOut = blobs.next(20_000);
        for (Blobs.Example e : heldOut) {
            if (calibrator.flags(s.score(e.features()))) {
                flagged++;
            }
        }
        assertThat((double) flagged / heldOut.size()).isBetween(0.04, 0.06);
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @MethodSource("scorerAndLearner")
    void invalidFeaturesAreRejectedNamingTheValue(
            String scorer,
            Map<String, String> params,
            String learnerType,
            Map<String, String> learnerParams) {
        OodScorer s = trained(scorer, params, learnerType, learnerParams, new Blobs(5).next(200));
        assertThatThrownBy(() -> s.score(new float[D - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 5, model expects 6");
        float[] nan = new float[D];
        nan[3] = Float.NaN;
        assertThatThrownBy(() -> s.score(nan))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features[3] is NaN");
        float[] inf = new float[D];
        inf[0] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> s.observe(inf, "c0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features[0] is Infinity");
    }

    @Test
    void scorerThatKnowsNoClassRefusesToScore() {
        OodScorer s = OodScorers.create("energy", D, Map.of());
        assertThatThrownBy(() -> s.score(new float[D]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'energy' cannot score yet");
    }

    @Test
    void unknownScorerAndParametersAreRejectedNamingThem() {
        assertThatThrownBy(() -> OodScorers.create("odin", D, Map.of()))
                .hasMessage(
                        "unknown OOD scorer 'odin', known scorers: [mahalanobis, max-cosine, knn,"
                                + " energy]");
        assertThatThrownBy(() -> OodScorers.create("knn", D, Map.of("kk", "3")))
                .hasMessage(
                        "unknown parameter 'kk' (value '3') for OOD scorer knn, known parameters:"
                                + " [k, normalize, reservoirSize, seed]");
        assertThatThrownBy(() -> OodScorers.create("mahalanobis", D, Map.of("shrinkage", "0")))
                .hasMessage("shrinkage must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> OodScorers.create("knn", D, Map.of("k", "0")))
                .hasMessage("k must be >= 1, got 0");
        assertThatThrownBy(() -> OodScorers.create("energy", D, Map.of("temperature", "-1")))
                .hasMessage("temperature must be finite and > 0, got -1.0");
        assertThatThrownBy(() -> OodScorers.create("mahalanobis", D, Map.of("covariance", "x")))
                .hasMessage(
                        "parameter covariance has invalid value 'x', expected one of [learner,"
                                + " own]");
        assertThatThrownBy(() -> OodScorers.create("knn", D, Map.of("normalize", "yes")))
                .hasMessage("parameter normalize has invalid value 'yes', expected true or false");
    }

    @Test
    void learnerMahalanobisRejectsLearnersWithoutCovariance() {
        Learner ncm = Learners.create("ncm", D, Map.of());
        ncm.learn(new float[D], "a");
        OodScorer s = OodScorers.create("mahalanobis", D, Map.of());
        assertThatThrownBy(() -> s.update(ncm.snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learner state of type 'ncm' holds no shared covariance")
                .hasMessageContaining("covariance=own");
    }

    @Test
    void stateOfAnotherDimensionIsRejected() {
        Learner ncm = Learners.create("ncm", D + 1, Map.of());
        ncm.learn(new float[D + 1], "a");
        OodScorer s = OodScorers.create("max-cosine", D, Map.of());
        assertThatThrownBy(() -> s.update(ncm.snapshot()))
                .hasMessage("learner state has dimension 7, scorer expects 6");
    }
}
