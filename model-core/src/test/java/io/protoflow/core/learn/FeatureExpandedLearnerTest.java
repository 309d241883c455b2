package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.snapshot.FeatureMapState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureExpandedLearnerTest {

    private static final long SEED = 77L;

    @Test
    void mapIsDeterministicInItsSeedAndScaledGaussian() {
        RandomFeatureMap a =
                new RandomFeatureMap(64, 512, 9, RandomFeatureMap.Nonlinearity.NONE, false);
        RandomFeatureMap b = RandomFeatureMap.fromSpec(a.spec());
        RandomFeatureMap c =
                new RandomFeatureMap(64, 512, 10, RandomFeatureMap.Nonlinearity.NONE, false);
        float[] x = new float[64];
        x[3] = 1f;
        float[] fa = a.apply(x);
        assertThat(b.apply(x)).containsExactly(fa);
        assertThat(c.apply(x)).isNotEqualTo(fa);
        // with x = e_3, phi is column 3 of R: entries N(0, 1/64), so variance ~ 1/64
        double sumSq = 0;
        for (float v : fa) {
            sumSq += v * v;
        }
        assertThat(sumSq / fa.length).isCloseTo(1.0 / 64, within(0.2 / 64));
        // reference: first entry of row 0, column 3 comes from java.util.Random(9)
        Random r = new Random(9);
        double expected = 0;
        for (int i = 0; i <= 3; i++) {
            expected = r.nextGaussian() / 8.0;
        }
        assertThat(fa[0]).isEqualTo((float) expected);
    }

    @Test
    void reluZeroesNegativesAndBiasShifts() {
        RandomFeatureMap relu =
                new RandomFeatureMap(8, 256, 1, RandomFeatureMap.Nonlinearity.RELU, false);
        RandomFeatureMap none =
                new RandomFeatureMap(8, 256, 1, RandomFeatureMap.Nonlinearity.NONE, false);
        float[] x = {1, -2, 3, 0, 0.5f, 1, 1, -1};
        float[] r = relu.apply(x);
        float[] n = none.apply(x);
        for (int i = 0; i < r.length; i++) {
            assertThat(r[i]).isEqualTo(Math.max(0f, n[i]));
        }
        RandomFeatureMap biased =
                new RandomFeatureMap(8, 256, 1, RandomFeatureMap.Nonlinearity.NONE, true);
        assertThat(biased.apply(new float[8])).isNotEqualTo(new float[256]);
        assertThat(none.apply(new float[8])).containsOnly(0f);
    }

    @Test
    void randomFeaturesPlusLdaSeparatesWhatLinearLdaCannot() {
        // two rings: class inside radius 1, class between radius 2 and 3; no linear boundary
        Random random = new Random(SEED);
        FeatureExpandedLearner rf =
                (FeatureExpandedLearner)
                        Learners.create(
                                "random-features",
                                2,
                                Map.of("outputDimension", "256", "seed", "5", "bias", "true"));
        StreamingLda lda = new StreamingLda(2);
        for (int k = 0; k < 4000; k++) {
            float[] x = ring(random, k % 2);
            rf.learn(x, "r" + (k % 2));
            lda.learn(x, "r" + (k % 2));
        }
        int rfCorrect = 0;
        int ldaCorrect = 0;
        for (int k = 0; k < 1000; k++) {
            float[] x = ring(random, k % 2);
            rfCorrect += rf.predict(x).top().orElseThrow().label().equals("r" + (k % 2)) ? 1 : 0;
            ldaCorrect += lda.predict(x).top().orElseThrow().label().equals("r" + (k % 2)) ? 1 : 0;
        }
        System.out.printf(
                "rings: random features + LDA %.3f, LDA %.3f (seed %d)%n",
                rfCorrect / 1000.0, ldaCorrect / 1000.0, SEED);
        assertThat(rfCorrect / 1000.0).isGreaterThan(0.95);
        assertThat(ldaCorrect / 1000.0).isLessThan(0.75);
    }

    private static float[] ring(Random random, int c) {
        double radius = c == 0 ? random.nextDouble() : 2 + random.nextDouble();
        double angle = random.nextDouble() * 2 * Math.PI;
        return new float[] {(float) (radius * Math.cos(angle)), (float) (radius * Math.sin(angle))};
    }

    @Test
    void snapshotStoresSpecNotMatrixAndRestoresIdentically() {
        Map<String, String> params =
                Map.of(
                        "outputDimension", "96",
                        "seed", "-3",
                        "inner", "streaming-lda",
                        "inner.shrinkage", "0.01");
        Learner rf = Learners.create("random-features", 10, params);
        List<SyntheticStream.Example> data = SyntheticStream.blobs(SEED, 300, 4, 10);
        for (SyntheticStream.Example e : data.subList(0, 200)) {
            rf.learn(e.features(), e.label());
        }
        LearnerState state = rf.snapshot();
        assertThat(state.learnerType()).isEqualTo("random-features");
        assertThat(state.dimension()).isEqualTo(10);
        assertThat(state.learnedDimension()).isEqualTo(96);
        assertThat(state.featureMap())
                .isEqualTo(
                        new FeatureMapState(
                                "random-projection",
                                10,
                                96,
                                -3,
                                Map.of("nonlinearity", "relu", "bias", "false")));
        assertThat(state.covariance().dimension()).isEqualTo(96);
        assertThat(state.params())
                .containsEntry("inner", "streaming-lda")
                .containsEntry("inner.shrinkage", "0.01")
                .containsEntry("inner.priors", "equal");
        byte[] bytes = SnapshotCodec.encodeLearnerState(state);
        // classes (4 x 96) + covariance (96 x 97 / 2) doubles, no 96 x 10 matrix
        assertThat(bytes.length).isLessThan(8 * (4 * 96 + 96 * 97 / 2) + 600);
        Learner restored = Learners.restore(SnapshotCodec.decodeLearnerState(bytes));
        assertThat(restored.snapshot()).isEqualTo(state);
        for (SyntheticStream.Example e : data.subList(200, 300)) {
            assertThat(restored.predict(e.features())).isEqualTo(rf.predict(e.features()));
        }
    }

    @Test
    void mergeEqualsLearnerOnUnionAndRequiresTheSameMap() {
        Map<String, String> params = Map.of("outputDimension", "40", "inner", "ncm");
        List<SyntheticStream.Example> data = SyntheticStream.blobs(SEED + 1, 400, 3, 6);
        Learner whole = Learners.create("random-features", 6, params);
        Learner a = Learners.create("random-features", 6, params);
        Learner b = Learners.create("random-features", 6, params);
        for (int k = 0; k < data.size(); k++) {
            whole.learn(data.get(k).features(), data.get(k).label());
            (k % 3 == 0 ? a : b).learn(data.get(k).features(), data.get(k).label());
        }
        b.merge(a);
        assertThat(b.examplesSeen()).isEqualTo(400);
        for (String label : whole.classes()) {
            assertThat(b.count(label)).isEqualTo(whole.count(label));
            double[] expected =
                    ((NearestClassMean) ((FeatureExpandedLearner) whole).inner()).mean(label);
            assertThat(((NearestClassMean) ((FeatureExpandedLearner) b).inner()).mean(label))
                    .containsExactly(expected, within(1e-12));
        }
        Learner otherSeed =
                Learners.create(
                        "random-features",
                        6,
                        Map.of("outputDimension", "40", "seed", "1", "inner", "ncm"));
        assertThatThrownBy(() -> b.merge(otherSeed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot merge: other feature map");
    }

    @Test
    void invalidInputAndParamsAreRejectedNamingTheValue() {
        Learner rf = Learners.create("random-features", 5, Map.of("outputDimension", "16"));
        assertThatThrownBy(() -> rf.learn(new float[4], "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 4, model expects 5");
        assertThatThrownBy(() -> rf.predict(new float[] {0, 0, Float.NaN, 0, 0}))
                .hasMessage("features[2] is NaN");
        assertThatThrownBy(() -> rf.learn(new float[5], "")).hasMessage("label is blank");
        assertThatThrownBy(
                        () -> Learners.create("random-features", 5, Map.of("nonlinearity", "tanh")))
                .hasMessage(
                        "parameter nonlinearity has invalid value 'tanh', expected one of [relu,"
                                + " none]");
        assertThatThrownBy(() -> Learners.create("random-features", 5, Map.of("inner", "svm")))
                .hasMessageStartingWith("parameter inner has invalid value 'svm'");
        assertThatThrownBy(
                        () ->
                                Learners.create(
                                        "random-features", 5, Map.of("inner", "random-features")))
                .hasMessage(
                        "parameter inner may not be 'random-features' (no nested feature maps)");
        assertThatThrownBy(() -> Learners.create("random-features", 5, Map.of("seed", "x")))
                .hasMessage("parameter seed has invalid value 'x', expected an integer");
        assertThatThrownBy(
                        () -> Learners.create("random-features", 5, Map.of("outputDimension", "0")))
                .hasMessage("outputDimension must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                Learners.create(
                                        "random-features",
                                        5,
                                        Map.of("inner", "ncm", "inner.metric", "l1")))
                .hasMessageStartingWith("parameter metric has invalid value 'l1'");
    }
}
