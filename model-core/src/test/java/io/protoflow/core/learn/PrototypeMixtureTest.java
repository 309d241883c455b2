package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.NearestClassMean.Metric;
import io.protoflow.core.learn.SyntheticStream.Example;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrototypeMixtureTest {

    /** Class means vs. means of the examples: |a - b| <= 1e-9 * max(1, |b|) per coordinate. */
    private static final double MEAN_TOLERANCE = 1e-9;

    /** A mixture with calibration off and the given parameters on top of the defaults. */
    private static PrototypeMixture mixture(int dimension, String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("fewShotThreshold", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return PrototypeMixture.create(dimension, params);
    }

    private static void learn(PrototypeMixture m, String label, double... xs) {
        for (double x : xs) {
            m.learn(new float[] {(float) x}, label);
        }
    }

    @Test
    void defaultsAreDocumented() {
        assertThat(PrototypeMixture.create(3, Map.of()).params())
                .containsExactly(
                        Map.entry("metric", "euclidean"),
                        Map.entry("maxPrototypes", "4"),
                        Map.entry("assignment", "hard"),
                        Map.entry("temperature", "1.0"),
                        Map.entry("spawnFactor", "1.25"),
                        Map.entry("spawnRadius", "0.0"),
                        Map.entry("mergeFactor", "0.5"),
                        Map.entry("classScore", "max"),
                        Map.entry("fewShotThreshold", "5"),
                        Map.entry("calibrationAlpha", "0.5"),
                        Map.entry("calibrationTemperature", "16.0"));
        Learner viaRegistry = Learners.create("prototype-mixture", 3, Map.of());
        assertThat(viaRegistry).isInstanceOf(PrototypeMixture.class);
        assertThat(viaRegistry.type()).isEqualTo("prototype-mixture");
        assertThat(((PrototypeMixture) viaRegistry).config())
                .isEqualTo(PrototypeMixture.Config.DEFAULTS);
    }

    @Test
    void spawnsFarExamplesAndMergesClosestPairWhenKIsReached() {
        PrototypeMixture m =
                mixture(1, "maxPrototypes", "3", "spawnRadius", "1.5", "mergeFactor", "0");
        learn(m, "a", 0);
        assertThat(m.typicalDistance("a")).isNaN();
        learn(m, "a", 1); // within the radius: running mean of the nearest prototype
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5));
        learn(m, "a", 10, 20); // far: two new prototypes
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5), proto(1, 10), proto(1, 20));
        // K reached: merge the closest pair (0.5 and 10, weighted), then spawn 30
        learn(m, "a", 30);
        assertThat(m.prototypes("a"))
                .containsExactly(proto(3, 11.0 / 3.0), proto(1, 20), proto(1, 30));
        assertThat(m.count("a")).isEqualTo(5);
        assertThat(m.classMean("a")).containsExactly(new double[] {61.0 / 5.0}, within(1e-12));
        // nearest-prototype distances seen: 1, 9.5, 10, 10
        assertThat(m.typicalDistance("a"))
                .isCloseTo(Math.sqrt((1 + 90.25 + 100 + 100) / 4), within(1e-12));
    }

    @Test
    void relativeSpawnRadiusFollowsTheTypicalDistance() {
        PrototypeMixture m = mixture(1, "spawnFactor", "2", "mergeFactor", "0");
        learn(m, "a", 0, 1); // typical distance 1 after this
        learn(m, "a", 2.75); // distance 2.25 from 0.5 > 2 * 1: spawn
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5), proto(1, 2.75));
        // typical distance is now sqrt((1 + 2.25²) / 2) = 1.741..., radius 3.482...
        learn(m, "a", 6); // distance 3.25 from 2.75: update
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5), proto(2, 4.375));
        // typical distance sqrt((1 + 2.25² + 3.25²) / 3) = 2.354..., radius 4.708...
        learn(m, "a", 8); // distance 3.625 from 4.375: update
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5), proto(3, 5.583333333333333));
        // radius now 2 * sqrt((1 + 2.25² + 3.25² + 3.625²) / 4) = 5.456
        learn(m, "a", 11.5); // distance 5.917 from 5.583: spawn
        assertThat(m.prototypes("a")).hasSize(3);
    }

    @Test
    void mergesPrototypesThatComeCloserThanMergeFactorTimesTypicalDistance() {
        PrototypeMixture m = mixture(1, "spawnRadius", "1", "mergeFactor", "1");
        learn(m, "a", 0, 0.5, 2, 1.2, 1.0, 0.9, 0.8);
        assertThat(m.prototypes("a")).hasSize(2);
        List<PrototypeState> before = m.prototypes("a");
        assertThat(before.get(0).weight()).isEqualTo(2);
        assertThat(before.get(1).weight()).isEqualTo(5);
        assertThat(before.get(1).mean(0) - before.get(0).mean(0))
                .isGreaterThan(m.typicalDistance("a"));
        // 0.7 pulls the left prototype to 0.4, now 0.78 from the right one, under the typical
        // distance 0.844: they merge into the mean of all eight examples
        learn(m, "a", 0.7);
        assertThat(m.prototypes("a")).hasSize(1);
        PrototypeState merged = m.prototypes("a").get(0);
        assertThat(merged.weight()).isEqualTo(8);
        double sum = 0;
        for (double x : new double[] {0, 0.5, 2, 1.2, 1.0, 0.9, 0.8, 0.7}) {
            sum += (float) x; // the learner sees floats
        }
        assertThat(merged.mean(0)).isCloseTo(sum / 8, within(1e-12));
    }

    @Test
    void cosineMetricComparesDirectionsNotLengths() {
        PrototypeMixture m = mixture(2, "metric", "cosine", "spawnRadius", "1", "mergeFactor", "0");
        m.learn(new float[] {1, 0}, "a");
        m.learn(new float[] {0, 1}, "a"); // orthogonal: 2 (1 - cos) = 2 > 1, spawn
        m.learn(new float[] {10, 0}, "a"); // same direction as (1, 0): distance 0, update
        assertThat(m.prototypes("a"))
                .containsExactly(
                        new PrototypeState(2, new double[] {5.5, 0}),
                        new PrototypeState(1, new double[] {0, 1}));
        m.learn(new float[] {1, 1}, "b");
        Prediction p = m.predict(new float[] {0, 7});
        assertThat(p.ranked().get(0)).isEqualTo(new ScoredLabel("a", 1.0));
        assertThat(p.ranked().get(1).label()).isEqualTo("b");
        assertThat(p.ranked().get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(m.typicalDistance("a")).isCloseTo(1.0, within(1e-12)); // sqrt((2 + 0) / 2)
    }

    @Test
    void softAssignmentMovesEveryPrototypeByItsResponsibility() {
        PrototypeMixture m =
                mixture(
                        1,
                        "assignment",
                        "soft",
                        "temperature",
                        "1",
                        "spawnRadius",
                        "1",
                        "mergeFactor",
                        "0");
        learn(m, "a", 0, 2, 1.5);
        // d² = 2.25 and 0.25: r0 = 1 / (1 + e²), r1 = e² / (1 + e²)
        double r0 = 1 / (1 + Math.exp(2));
        double r1 = 1 - r0;
        List<PrototypeState> p = m.prototypes("a");
        assertThat(p.get(0).weight()).isCloseTo(1 + r0, within(1e-15));
        assertThat(p.get(0).mean(0)).isCloseTo(r0 * 1.5 / (1 + r0), within(1e-15));
        assertThat(p.get(1).weight()).isCloseTo(1 + r1, within(1e-15));
        assertThat(p.get(1).mean(0)).isCloseTo(2 - r1 * 0.5 / (1 + r1), within(1e-15));
        assertThat(m.classMean("a")).containsExactly(new double[] {3.5 / 3}, within(1e-15));
    }

    @Test
    void classScoreIsMaxOrWeightedLogSumExp() {
        for (String score : List.of("max", "lse")) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("classScore", score);
            params.put("temperature", "2");
            params.put("fewShotThreshold", "0");
            params.put("state.distance.0", "3:12.0");
            params.put("state.distance.1", "0:0.0");
            LearnerState state =
                    new LearnerState(
                            "prototype-mixture",
                            1,
                            params,
                            List.of(
                                    new ClassState("a", 4, List.of(proto(3, 0), proto(1, 4))),
                                    new ClassState("b", 1, List.of(proto(1, -2)))));
            Learner m = Learners.restore(state);
            Prediction p = m.predict(new float[] {1});
            double expectedA =
                    score.equals("max")
                            ? -1.0
                            : -1.0 + 2 * Math.log((3 * Math.exp(0) + Math.exp(-8.0 / 2)) / 4);
            assertThat(p.ranked())
                    .extracting(ScoredLabel::label)
                    .as(score)
                    .containsExactly("a", "b");
            assertThat(p.ranked().get(0).score()).as(score).isCloseTo(expectedA, within(1e-12));
            assertThat(p.ranked().get(1).score()).as(score).isEqualTo(-9.0);
        }
    }

    @Test
    void learnsMultimodalClassesThatDefeatTheClassMean() {
        // XOR: each class is two opposite clusters, so both class means sit at the origin
        Random random = new Random(3);
        List<Example> stream = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int quadrant = random.nextInt(4);
            double sx = quadrant % 2 == 0 ? 5 : -5;
            double sy = quadrant < 2 ? 5 : -5;
            float[] x = {
                (float) (sx + random.nextGaussian()), (float) (sy + random.nextGaussian())
            };
            stream.add(new Example(x, sx * sy > 0 ? "same-sign" : "opposite-sign"));
        }
        PrototypeMixture mixture = mixture(2);
        NearestClassMean ncm = new NearestClassMean(2, Metric.EUCLIDEAN);
        int mixtureCorrect = 0;
        int ncmCorrect = 0;
        for (Example e : stream) {
            if (!mixture.classes().isEmpty()) {
                String truth = e.label();
                mixtureCorrect += top(mixture, e).equals(truth) ? 1 : 0;
                ncmCorrect += top(ncm, e).equals(truth) ? 1 : 0;
            }
            mixture.learn(e.features(), e.label());
            ncm.learn(e.features(), e.label());
        }
        System.out.printf(
                "XOR prequential accuracy: mixture %.4f, ncm %.4f, prototypes %s / %s%n",
                mixtureCorrect / 1999.0,
                ncmCorrect / 1999.0,
                mixture.prototypes("same-sign").size(),
                mixture.prototypes("opposite-sign").size());
        assertThat(mixtureCorrect / 1999.0).isGreaterThan(0.97);
        assertThat(ncmCorrect / 1999.0).isLessThan(0.7);
        for (String label : mixture.classes()) {
            assertThat(mixture.prototypes(label)).hasSizeBetween(2, 4);
        }
    }

    @Test
    void maxPrototypesIsAHardBoundAndClassMeansStayExact() {
        for (String assignment : List.of("hard", "soft")) {
            List<Example> stream = SyntheticStream.blobs(5, 2_000, 5, 6);
            PrototypeMixture m =
                    mixture(
                            6,
                            "maxPrototypes",
                            "3",
                            "spawnFactor",
                            "0.8",
                            "assignment",
                            assignment,
                            "temperature",
                            "4");
            NearestClassMean ncm = new NearestClassMean(6, Metric.EUCLIDEAN);
            for (Example e : stream) {
                m.learn(e.features(), e.label());
                ncm.learn(e.features(), e.label());
                assertThat(m.prototypes(e.label())).as(assignment).hasSizeBetween(1, 3);
            }
            for (String label : ncm.classes()) {
                assertThat(m.prototypes(label)).hasSize(3);
                double weights = m.prototypes(label).stream().mapToDouble(p -> p.weight()).sum();
                if (assignment.equals("hard")) {
                    assertThat(weights).isEqualTo((double) ncm.count(label));
                } else {
                    assertThat(weights).isCloseTo(ncm.count(label), within(1e-9));
                }
                assertThat(m.count(label)).isEqualTo(ncm.count(label));
                assertMeansClose(m.classMean(label), ncm.mean(label), assignment + " " + label);
            }
            assertThat(m.examplesSeen()).isEqualTo(2_000);
        }
    }

    @Test
    void withOnePrototypePerClassItIsTheNearestClassMean() {
        for (Metric metric : Metric.values()) {
            List<Example> stream = SyntheticStream.blobs(8, 1_000, 6, 10);
            PrototypeMixture m = mixture(10, "maxPrototypes", "1", "metric", metric.paramValue());
            NearestClassMean ncm = new NearestClassMean(10, metric);
            for (Example e : stream) {
                // NCM scores with float kernels, the mixture in double: same ranking, scores
                // within float precision
                Prediction expected = ncm.predict(e.features());
                Prediction actual = m.predict(e.features());
                assertThat(actual.ranked())
                        .extracting(ScoredLabel::label)
                        .isEqualTo(expected.ranked().stream().map(ScoredLabel::label).toList());
                for (int r = 0; r < expected.size(); r++) {
                    double score = expected.ranked().get(r).score();
                    assertThat(actual.ranked().get(r).score())
                            .isCloseTo(score, within(1e-5 * Math.abs(score) + 1e-6));
                }
                m.learn(e.features(), e.label());
                ncm.learn(e.features(), e.label());
            }
            for (String label : ncm.classes()) {
                assertThat(m.prototypes(label))
                        .containsExactly(new PrototypeState(ncm.count(label), ncm.mean(label)));
            }
        }
    }

    @Test
    void tiesAreBrokenByFirstAppearance() {
        PrototypeMixture m = mixture(1);
        learn(m, "z-first", 1);
        learn(m, "a-second", -1);
        learn(m, "m-third", 3);
        assertThat(m.predict(new float[] {0}).ranked())
                .extracting(ScoredLabel::label)
                .containsExactly("z-first", "a-second", "m-third");
        assertThat(m.predict(new float[] {1}).ranked().get(0))
                .isEqualTo(new ScoredLabel("z-first", 0.0));
        assertThat(mixture(1).predict(new float[] {0}).isEmpty()).isTrue();
    }

    @Test
    void snapshotRoundTripPredictsAndContinuesLearningIdentically() {
        List<Map<String, String>> configs =
                List.of(
                        Map.of(),
                        Map.of("metric", "cosine", "assignment", "soft", "classScore", "lse"),
                        Map.of("maxPrototypes", "2", "spawnFactor", "0.9", "temperature", "30"));
        for (Map<String, String> params : configs) {
            List<Example> stream = SyntheticStream.blobs(11, 1_000, 6, 12);
            Learner m = Learners.create("prototype-mixture", 12, params);
            stream.subList(0, 600).forEach(e -> m.learn(e.features(), e.label()));

            LearnerState state = m.snapshot();
            Learner restored =
                    Learners.restore(
                            SnapshotCodec.decodeLearnerState(
                                    SnapshotCodec.encodeLearnerState(state)));

            assertThat(restored.snapshot()).as("%s", params).isEqualTo(state);
            assertThat(restored.classes()).isEqualTo(m.classes());
            assertThat(restored.examplesSeen()).isEqualTo(600);
            for (Example e : stream.subList(600, 1_000)) {
                assertThat(restored.predict(e.features())).isEqualTo(m.predict(e.features()));
            }
            // both continue identically, spawns and merges included (new class "late" too)
            for (Example e : stream.subList(600, 1_000)) {
                m.learn(e.features(), e.label());
                restored.learn(e.features(), e.label());
                assertThat(restored.predict(e.features())).isEqualTo(m.predict(e.features()));
            }
            float[] late = stream.get(0).features();
            m.learn(late, "late");
            restored.learn(late, "late");
            assertThat(restored.snapshot()).as("%s", params).isEqualTo(m.snapshot());
        }
    }

    @Test
    void snapshotCarriesDistanceStatisticsPerClassIndex() {
        PrototypeMixture m = mixture(1, "spawnRadius", "100");
        learn(m, "a", 0, 2);
        learn(m, "b", 5);
        Map<String, String> params = m.snapshot().params();
        assertThat(params).containsEntry("state.distance.0", "1:4.0");
        assertThat(params).containsEntry("state.distance.1", "0:0.0");
        assertThat(PrototypeMixture.restore(m.snapshot()).typicalDistance("a")).isEqualTo(2.0);
    }

    @Test
    void restoreRejectsStatesTheTypeCannotAccept() {
        Map<String, String> stats = Map.of("maxPrototypes", "2", "state.distance.0", "1:1.0");
        PrototypeState p = proto(1, 0);
        assertThatThrownBy(() -> restore(stats, new ClassState("a", 3, List.of(p, p, p))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "class 'a' has 3 prototypes, prototype-mixture with maxPrototypes=2"
                                + " expects 1 to 2");
        assertThatThrownBy(() -> restore(stats, new ClassState("a", 3, List.of())))
                .hasMessageContaining("class 'a' has 0 prototypes");
        assertThatThrownBy(
                        () ->
                                restore(
                                        stats,
                                        new ClassState(
                                                "a",
                                                1,
                                                List.of(
                                                        new PrototypeState(
                                                                1, new double[] {1, 2})))))
                .hasMessage("class 'a' prototype has dimension 2, state has 1");
        assertThatThrownBy(() -> restore(stats, new ClassState("a", 1, List.of(proto(0, 1)))))
                .hasMessage("class 'a' prototype weight must be > 0, got 0.0");
        assertThatThrownBy(() -> restore(stats, new ClassState("a", 0, List.of(p))))
                .hasMessage("class 'a' count must be >= 1, got 0");
        assertThatThrownBy(() -> restore(Map.of(), new ClassState("a", 1, List.of(p))))
                .hasMessage("class 'a' has no distance statistics (parameter state.distance.0)");
        assertThatThrownBy(
                        () ->
                                restore(
                                        Map.of("state.distance.0", "x"),
                                        new ClassState("a", 1, List.of(p))))
                .hasMessage(
                        "parameter state.distance.0 has invalid value 'x', expected"
                                + " <observations>:<sum of squared distances>");
        assertThatThrownBy(
                        () ->
                                restore(
                                        Map.of("state.distance.0", "-1:0.0"),
                                        new ClassState("a", 1, List.of(p))))
                .hasMessageContaining("expected observations >= 0 and a finite sum >= 0");
        assertThatThrownBy(
                        () ->
                                restore(
                                        Map.of(
                                                "state.distance.0", "0:0.0",
                                                "state.distance.1", "0:0.0"),
                                        new ClassState("a", 1, List.of(p))))
                .hasMessage(
                        "distance statistics [state.distance.1] name no class (state has 1"
                                + " classes)");
        assertThatThrownBy(
                        () ->
                                PrototypeMixture.restore(
                                        new LearnerState("ncm", 1, Map.of(), List.of())))
                .hasMessage("learnerType is 'ncm', expected 'prototype-mixture'");
    }

    @Test
    void rejectsInvalidInputWithMessagesNamingTheValue() {
        PrototypeMixture m = mixture(64);
        assertThatThrownBy(() -> m.learn(new float[63], "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 63, model expects 64");
        assertThatThrownBy(() -> m.predict(new float[65]))
                .hasMessage("features has dimension 65, model expects 64");
        float[] nan = new float[64];
        nan[12] = Float.NaN;
        assertThatThrownBy(() -> m.learn(nan, "a")).hasMessage("features[12] is NaN");
        float[] inf = new float[64];
        inf[3] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> m.predict(inf)).hasMessage("features[3] is -Infinity");
        assertThatThrownBy(() -> m.learn(new float[64], " ")).hasMessage("label is blank");
        assertThatThrownBy(() -> m.learn(new float[64], null)).hasMessage("label is null");
        assertThat(m.examplesSeen()).isZero();
        assertThat(m.classes()).isEmpty();
        assertThatThrownBy(() -> m.classMean("nope")).hasMessage("unknown class 'nope'");
        assertThatThrownBy(() -> new PrototypeMixture(0, PrototypeMixture.Config.DEFAULTS))
                .hasMessage("dimension must be >= 1, got 0");
    }

    @Test
    void invalidParametersNameKeyAndValue() {
        assertThatThrownBy(() -> Learners.create("prototype-mixture", 4, Map.of("k", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unknown parameter 'k' (value '3') for learner type prototype-mixture,"
                                + " known parameters: [metric, maxPrototypes, assignment,");
        Map<Map<String, String>, String> invalid = new LinkedHashMap<>();
        invalid.put(Map.of("maxPrototypes", "0"), "parameter maxPrototypes must be >= 1, got 0");
        invalid.put(
                Map.of("maxPrototypes", "four"),
                "parameter maxPrototypes has invalid value 'four', expected an integer");
        invalid.put(
                Map.of("assignment", "medium"),
                "parameter assignment has invalid value 'medium', expected one of [hard, soft]");
        invalid.put(
                Map.of("classScore", "mean"),
                "parameter classScore has invalid value 'mean', expected one of [max, lse]");
        invalid.put(
                Map.of("metric", "manhattan"),
                "parameter metric has invalid value 'manhattan', expected one of [euclidean,"
                        + " cosine]");
        invalid.put(
                Map.of("temperature", "-1"),
                "parameter temperature must be finite and > 0, got -1.0");
        invalid.put(
                Map.of("spawnFactor", "Infinity"),
                "parameter spawnFactor has invalid value 'Infinity', expected a finite number");
        invalid.put(
                Map.of("spawnRadius", "-0.5"),
                "parameter spawnRadius must be finite and >= 0, got -0.5");
        invalid.put(
                Map.of("mergeFactor", "1e400"),
                "parameter mergeFactor has invalid value '1e400', expected a finite number");
        invalid.put(
                Map.of("calibrationAlpha", "2"),
                "parameter calibrationAlpha must be in [0, 1], got 2.0");
        for (Map.Entry<Map<String, String>, String> e : invalid.entrySet()) {
            assertThatThrownBy(() -> Learners.create("prototype-mixture", 4, e.getKey()))
                    .as("%s", e.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(e.getValue());
        }
        // values are case-insensitive and trimmed
        PrototypeMixture m =
                PrototypeMixture.create(
                        4, Map.of("assignment", " SOFT", "classScore", "Lse", "metric", "COSINE"));
        assertThat(m.config().assignment()).isEqualTo(PrototypeMixture.Assignment.SOFT);
        assertThat(m.config().classScore()).isEqualTo(PrototypeMixture.ClassScore.LSE);
        assertThat(m.config().metric()).isEqualTo(Metric.COSINE);
    }

    @Test
    void mergeWithItselfDoublesWeightsAndKeepsPrototypes() {
        PrototypeMixture m = mixture(1, "spawnRadius", "3", "mergeFactor", "0.5");
        learn(m, "a", 0, 1, 10, 11);
        assertThat(m.prototypes("a")).containsExactly(proto(2, 0.5), proto(2, 10.5));
        m.merge(m);
        // the copies coincide (distance 0 < merge radius) and fuse back
        assertThat(m.prototypes("a")).containsExactly(proto(4, 0.5), proto(4, 10.5));
        assertThat(m.count("a")).isEqualTo(8);
        assertThat(m.examplesSeen()).isEqualTo(8);
    }

    @Test
    void mergeRejectsOtherTypeDimensionOrParams() {
        PrototypeMixture m = mixture(4);
        assertThatThrownBy(() -> m.merge(new NearestClassMean(4, Metric.EUCLIDEAN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "cannot merge: other type is 'ncm', this learner's is 'prototype-mixture'");
        assertThatThrownBy(() -> m.merge(mixture(5)))
                .hasMessage("cannot merge: other dimension is 5, this learner's is 4");
        assertThatThrownBy(() -> m.merge(mixture(4, "maxPrototypes", "3")))
                .hasMessageStartingWith(
                        "cannot merge: other params {metric=euclidean, maxPrototypes=3,");
        assertThatThrownBy(() -> m.merge(null)).hasMessage("other is null");
    }

    private static Learner restore(Map<String, String> params, ClassState c) {
        return Learners.restore(new LearnerState("prototype-mixture", 1, params, List.of(c)));
    }

    private static PrototypeState proto(double weight, double x) {
        return new PrototypeState(weight, new double[] {x});
    }

    private static String top(Learner l, Example e) {
        return l.predict(e.features()).top().orElseThrow().label();
    }

    private static void assertMeansClose(double[] actual, double[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as("%s [%d]", what, i)
                    .isCloseTo(
                            expected[i],
                            within(MEAN_TOLERANCE * Math.max(1.0, Math.abs(expected[i]))));
        }
    }
}
