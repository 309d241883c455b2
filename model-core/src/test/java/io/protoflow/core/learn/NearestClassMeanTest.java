package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.NearestClassMean.Metric;
import io.protoflow.core.learn.SyntheticStream.Example;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestClassMeanTest {

    /**
     * Merges must equal training on the union up to floating-point reassociation: |a - b| <= 1e-9 *
     * max(1, |b|) per coordinate (relative, with an absolute floor for means near zero).
     */
    private static final double MERGE_TOLERANCE = 1e-9;

    @Test
    void learnsNewClassesAtAnyTimeAndPredictsNearestMean() {
        NearestClassMean ncm = new NearestClassMean(2, Metric.EUCLIDEAN);
        assertThat(ncm.predict(new float[] {0, 0}).isEmpty()).isTrue();

        ncm.learn(new float[] {0, 0}, "a");
        ncm.learn(new float[] {2, 0}, "a");
        assertThat(ncm.predict(new float[] {100, 100}).top().orElseThrow().label()).isEqualTo("a");

        ncm.learn(new float[] {10, 10}, "b");
        ncm.learn(new float[] {0, 0}, "a");
        assertThat(ncm.classes()).containsExactly("a", "b");
        assertThat(ncm.count("a")).isEqualTo(3);
        assertThat(ncm.count("b")).isEqualTo(1);
        assertThat(ncm.count("never")).isZero();
        assertThat(ncm.examplesSeen()).isEqualTo(4);
        assertThat(ncm.mean("a")).containsExactly(new double[] {2.0 / 3.0, 0.0}, within(1e-15));

        Prediction p = ncm.predict(new float[] {9, 9});
        assertThat(p.ranked()).extracting(ScoredLabel::label).containsExactly("b", "a");
        assertThat(p.ranked().get(0).score()).isEqualTo(-2.0);
        double da = Math.pow(9 - 2.0 / 3.0, 2) + 81;
        // scores come from the float mirror of the means: float precision, relative 1e-6
        assertThat(p.ranked().get(1).score()).isCloseTo(-da, within(da * 1e-6));

        ncm.learn(new float[] {-5, 3}, "c");
        assertThat(ncm.predict(new float[] {-4, 3}).top().orElseThrow().label()).isEqualTo("c");
    }

    @Test
    void cosineAndEuclideanRankDifferentlyOnCraftedExample() {
        // mean "near" is close in distance but points elsewhere; "aligned" is far but collinear
        float[] aligned = {1, 0};
        float[] near = {8, 3};
        float[] query = {9, 0};
        NearestClassMean euclidean = new NearestClassMean(2, Metric.EUCLIDEAN);
        NearestClassMean cosine = new NearestClassMean(2, Metric.COSINE);
        for (NearestClassMean ncm : List.of(euclidean, cosine)) {
            ncm.learn(aligned, "aligned");
            ncm.learn(near, "near");
        }
        Prediction pe = euclidean.predict(query);
        Prediction pc = cosine.predict(query);
        assertThat(pe.top().orElseThrow().label()).isEqualTo("near");
        assertThat(pe.top().orElseThrow().score()).isEqualTo(-10.0);
        assertThat(pc.top().orElseThrow().label()).isEqualTo("aligned");
        assertThat(pc.top().orElseThrow().score()).isCloseTo(1.0, within(1e-12));
        assertThat(pc.ranked().get(1).score()).isCloseTo(8 / Math.sqrt(73), within(1e-12));
    }

    @Test
    void cosineScoresZeroVectorsAsZeroSimilarity() {
        NearestClassMean ncm = new NearestClassMean(2, Metric.COSINE);
        ncm.learn(new float[] {0, 0}, "zero");
        ncm.learn(new float[] {-1, 0}, "opposite");
        Prediction p = ncm.predict(new float[] {1, 0});
        assertThat(p.ranked())
                .containsExactly(new ScoredLabel("zero", 0.0), new ScoredLabel("opposite", -1.0));
        assertThat(ncm.predict(new float[] {0, 0}).ranked())
                .extracting(ScoredLabel::score)
                .containsExactly(0.0, 0.0);
    }

    @Test
    void tiesAreBrokenByFirstAppearance() {
        NearestClassMean ncm = new NearestClassMean(1, Metric.EUCLIDEAN);
        ncm.learn(new float[] {1}, "z-first");
        ncm.learn(new float[] {-1}, "a-second");
        ncm.learn(new float[] {3}, "m-third");
        assertThat(ncm.predict(new float[] {0}).ranked())
                .extracting(ScoredLabel::label)
                .containsExactly("z-first", "a-second", "m-third");
        // an exact hit scores +0.0, never -0.0
        assertThat(ncm.predict(new float[] {1}).ranked().get(0))
                .isEqualTo(new ScoredLabel("z-first", 0.0));
    }

    @Test
    void rejectsInvalidInputWithMessagesNamingTheValue() {
        NearestClassMean ncm = new NearestClassMean(64, Metric.EUCLIDEAN);
        assertThatThrownBy(() -> ncm.learn(new float[63], "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 63, model expects 64");
        assertThatThrownBy(() -> ncm.predict(new float[65]))
                .hasMessage("features has dimension 65, model expects 64");
        float[] nan = new float[64];
        nan[12] = Float.NaN;
        assertThatThrownBy(() -> ncm.learn(nan, "a")).hasMessage("features[12] is NaN");
        float[] inf = new float[64];
        inf[3] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> ncm.predict(inf)).hasMessage("features[3] is Infinity");
        assertThatThrownBy(() -> ncm.learn(new float[64], " \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label is blank");
        assertThatThrownBy(() -> ncm.learn(new float[64], null)).hasMessage("label is null");
        assertThat(ncm.examplesSeen()).isZero();
        assertThat(ncm.classes()).isEmpty();
    }

    @Test
    void constructorRejectsDimensionBelowOne() {
        assertThatThrownBy(() -> new NearestClassMean(0, Metric.EUCLIDEAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dimension must be >= 1, got 0");
    }

    @Test
    void topKIsThePrefixOfTheFullRankingForEveryMetric() {
        for (Metric metric : Metric.values()) {
            for (String threshold : List.of("0", "20")) {
                NearestClassMean ncm =
                        NearestClassMean.create(
                                8,
                                Map.of(
                                        NearestClassMean.PARAM_METRIC,
                                        metric.paramValue(),
                                        FewShotCalibration.PARAM_THRESHOLD,
                                        threshold));
                // 60 classes, some few-shot, two pairs with identical means (ties)
                for (Example e : SyntheticStream.blobs(11, 3_000, 60, 8)) {
                    ncm.learn(e.features(), e.label());
                }
                float[] twin = {1, 2, 3, 4, 5, 6, 7, 8};
                ncm.learn(twin, "twin-1");
                ncm.learn(twin, "twin-2");
                for (Example q : SyntheticStream.blobs(12, 50, 60, 8)) {
                    for (float[] x : List.of(q.features(), twin)) {
                        Prediction full = ncm.predict(x);
                        assertThat(full.size()).isEqualTo(62);
                        for (int k : new int[] {0, 1, 5, 33, 62, 100}) {
                            assertThat(ncm.predict(x, k).ranked())
                                    .as(metric + ", threshold " + threshold + ", k " + k)
                                    .isEqualTo(full.topK(k).ranked());
                        }
                    }
                }
                Prediction atTwin = ncm.predict(twin, 2);
                assertThat(atTwin.ranked())
                        .extracting(ScoredLabel::label)
                        .as("equal scores keep first-appearance order")
                        .containsExactly("twin-1", "twin-2");
            }
        }
    }

    @Test
    void mergedLearnerPredictsLikeLearnerOnUnion() {
        List<Example> stream = SyntheticStream.blobs(3, 2_000, 9, 16);
        NearestClassMean whole = new NearestClassMean(16, Metric.EUCLIDEAN);
        NearestClassMean left = new NearestClassMean(16, Metric.EUCLIDEAN);
        NearestClassMean right = new NearestClassMean(16, Metric.EUCLIDEAN);
        for (int i = 0; i < stream.size(); i++) {
            Example e = stream.get(i);
            whole.learn(e.features(), e.label());
            (i % 3 == 0 ? left : right).learn(e.features(), e.label());
        }
        left.merge(right);
        for (Example q : SyntheticStream.blobs(4, 200, 9, 16)) {
            Prediction expected = whole.predict(q.features());
            Prediction actual = left.predict(q.features());
            assertThat(actual.ranked())
                    .extracting(ScoredLabel::label)
                    .isEqualTo(expected.ranked().stream().map(ScoredLabel::label).toList());
            for (int r = 0; r < expected.size(); r++) {
                double e = expected.ranked().get(r).score();
                assertThat(actual.ranked().get(r).score())
                        .isCloseTo(e, within(1e-5 * Math.abs(e) + 1e-6));
            }
        }
    }

    @Test
    void mergedLearnerEqualsLearnerOnUnion() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Example> stream = SyntheticStream.blobs(seed, 3_000, 7, 16);
            Random random = new Random(seed * 31);
            int parts = 2 + random.nextInt(4);
            NearestClassMean whole = new NearestClassMean(16, Metric.EUCLIDEAN);
            List<NearestClassMean> partials = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                partials.add(new NearestClassMean(16, Metric.EUCLIDEAN));
            }
            for (Example e : stream) {
                whole.learn(e.features(), e.label());
                partials.get(random.nextInt(parts)).learn(e.features(), e.label());
            }
            NearestClassMean merged = new NearestClassMean(16, Metric.EUCLIDEAN);
            for (NearestClassMean p : partials) {
                merged.merge(p);
            }
            assertSameModel(merged, whole, "seed " + seed + ", " + parts + " parts");
        }
    }

    @Test
    void mergeIsCommutativeAndAssociative() {
        long seed = 7;
        List<Example> stream = SyntheticStream.blobs(seed, 1_500, 5, 8);
        Random random = new Random(seed);
        NearestClassMean[] parts = new NearestClassMean[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = new NearestClassMean(8, Metric.COSINE);
        }
        for (Example e : stream) {
            parts[random.nextInt(3)].learn(e.features(), e.label());
        }
        NearestClassMean ab = copy(parts[0]);
        ab.merge(parts[1]);
        NearestClassMean ba = copy(parts[1]);
        ba.merge(parts[0]);
        assertSameModel(ab, ba, "a+b vs b+a, seed " + seed);

        NearestClassMean abThenC = copy(ab);
        abThenC.merge(parts[2]);
        NearestClassMean bc = copy(parts[1]);
        bc.merge(parts[2]);
        NearestClassMean aThenBc = copy(parts[0]);
        aThenBc.merge(bc);
        assertSameModel(abThenC, aThenBc, "(a+b)+c vs a+(b+c), seed " + seed);
        assertThat(abThenC.examplesSeen()).isEqualTo(1_500);
        // merge leaves its argument unchanged
        assertThat(parts[2].examplesSeen()).isLessThan(1_500);
    }

    @Test
    void mergeWithItselfDoublesCountsAndKeepsMeans() {
        NearestClassMean ncm = new NearestClassMean(2, Metric.EUCLIDEAN);
        ncm.learn(new float[] {1, 2}, "a");
        ncm.learn(new float[] {3, 4}, "a");
        ncm.merge(ncm);
        assertThat(ncm.count("a")).isEqualTo(4);
        assertThat(ncm.examplesSeen()).isEqualTo(4);
        assertThat(ncm.mean("a")).containsExactly(2.0, 3.0);
    }

    @Test
    void mergeRejectsDifferentDimensionOrParams() {
        NearestClassMean ncm = new NearestClassMean(4, Metric.EUCLIDEAN);
        assertThatThrownBy(() -> ncm.merge(new NearestClassMean(5, Metric.EUCLIDEAN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge: other dimension is 5, this learner's is 4");
        assertThatThrownBy(() -> ncm.merge(new NearestClassMean(4, Metric.COSINE)))
                .hasMessage(
                        "cannot merge: other params {metric=cosine} differ from this learner's"
                                + " {metric=euclidean}");
    }

    @Test
    void snapshotRoundTripPredictsIdentically() {
        for (Metric metric : Metric.values()) {
            List<Example> stream = SyntheticStream.blobs(11, 800, 6, 12);
            NearestClassMean ncm = new NearestClassMean(12, metric);
            stream.subList(0, 600).forEach(e -> ncm.learn(e.features(), e.label()));

            LearnerState state = ncm.snapshot();
            Learner restored =
                    Learners.restore(
                            SnapshotCodec.decodeLearnerState(
                                    SnapshotCodec.encodeLearnerState(state)));

            assertThat(restored.snapshot()).isEqualTo(state);
            assertThat(restored.classes()).isEqualTo(ncm.classes());
            assertThat(restored.examplesSeen()).isEqualTo(600);
            for (Example e : stream.subList(600, 800)) {
                assertThat(restored.predict(e.features())).isEqualTo(ncm.predict(e.features()));
            }
            // and both continue to learn identically
            for (Example e : stream.subList(600, 800)) {
                ncm.learn(e.features(), e.label());
                restored.learn(e.features(), e.label());
            }
            assertThat(restored.snapshot()).isEqualTo(ncm.snapshot());
        }
    }

    @Test
    void snapshotIsIndependentOfLaterLearning() {
        NearestClassMean ncm = new NearestClassMean(1, Metric.EUCLIDEAN);
        ncm.learn(new float[] {1}, "a");
        LearnerState before = ncm.snapshot();
        ncm.learn(new float[] {3}, "a");
        assertThat(before.classes().get(0).prototypes().get(0).mean()).containsExactly(1.0);
        assertThat(before.classes().get(0).count()).isEqualTo(1);
        assertThat(before.params()).isEqualTo(Map.of("metric", "euclidean"));
    }

    private static NearestClassMean copy(NearestClassMean ncm) {
        return NearestClassMean.restore(ncm.snapshot());
    }

    /** Same classes with exact counts and means within {@link #MERGE_TOLERANCE}. */
    private static void assertSameModel(
            NearestClassMean actual, NearestClassMean expected, String what) {
        assertThat(actual.classes())
                .as(what)
                .containsExactlyInAnyOrderElementsOf(expected.classes());
        assertThat(actual.examplesSeen()).as(what).isEqualTo(expected.examplesSeen());
        for (ClassState c : expected.snapshot().classes()) {
            assertThat(actual.count(c.label()))
                    .as(what + ", count of " + c.label())
                    .isEqualTo(c.count());
            double[] e = expected.mean(c.label());
            double[] a = actual.mean(c.label());
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i])
                        .as("%s, mean of %s [%d]", what, c.label(), i)
                        .isCloseTo(e[i], within(MERGE_TOLERANCE * Math.max(1.0, Math.abs(e[i]))));
            }
        }
    }
}
