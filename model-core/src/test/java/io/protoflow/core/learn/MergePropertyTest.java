package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.SyntheticStream.Example;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests of {@link Learner#merge}: learners trained on random disjoint partitions of
 * a stream and merged in a random order (random binary merge tree) equal the learner trained on the
 * whole stream, and merge is commutative and associative, for what each learner promises to
 * preserve. Every assertion names its seed; rerun one with {@code -Dtests.seed=N}.
 *
 * <p>Tolerance: per coordinate {@code |a - b| <= 1e-9 * max(1, |b|)} for means (merging
 * reassociates sums); counts and example totals exact.
 */
class MergePropertyTest {

    private static final double TOLERANCE = 1e-9;
    private static final long BASE_SEED = Long.getLong("tests.seed", 20_261_125L);
    private static final int TRIALS = Integer.getInteger("tests.trials", 25);

    @Test
    void nearestClassMeanMergedFromRandomPartitionsEqualsLearnerOnWholeStream() {
        for (int t = 0; t < TRIALS; t++) {
            long seed = BASE_SEED + t;
            Random random = new Random(seed);
            Map<String, String> params =
                    Map.of("metric", random.nextBoolean() ? "euclidean" : "cosine");
            Trial trial = Trial.of(seed, random, "ncm", params);
            NearestClassMean merged = (NearestClassMean) trial.mergeInRandomTree(random);
            assertSameNcm(merged, (NearestClassMean) trial.whole, trial.what);
        }
    }

    @Test
    void prototypeMixtureMergedFromRandomPartitionsKeepsCountsAndClassMeans() {
        for (int t = 0; t < TRIALS; t++) {
            long seed = BASE_SEED + t;
            Random random = new Random(seed);
            Map<String, String> params = randomMixtureParams(random, "hard");
            Trial trial = Trial.of(seed, random, "prototype-mixture", params);
            PrototypeMixture merged = (PrototypeMixture) trial.mergeInRandomTree(random);
            assertSameCountsAndClassMeans(merged, (PrototypeMixture) trial.whole, trial.what);
            // hard assignment: weights are whole numbers and sum to the count exactly
            for (String label : merged.classes()) {
                assertThat(weightSum(merged, label))
                        .as("%s, weight sum of %s", trial.what, label)
                        .isEqualTo((double) merged.count(label));
            }
        }
    }

    @Test
    void softPrototypeMixtureMergeKeepsCountsAndClassMeansToo() {
        for (int t = 0; t < TRIALS / 5; t++) {
            long seed = BASE_SEED + 1_000 + t;
            Random random = new Random(seed);
            Map<String, String> params = randomMixtureParams(random, "soft");
            Trial trial = Trial.of(seed, random, "prototype-mixture", params);
            PrototypeMixture merged = (PrototypeMixture) trial.mergeInRandomTree(random);
            assertSameCountsAndClassMeans(merged, (PrototypeMixture) trial.whole, trial.what);
        }
    }

    @Test
    void nearestClassMeanMergeIsCommutativeAndAssociative() {
        for (int t = 0; t < TRIALS; t++) {
            long seed = BASE_SEED + 2_000 + t;
            Random random = new Random(seed);
            Trial trial = Trial.of(seed, random, "ncm", Map.of(), 3);
            Learner[] p = trial.parts.toArray(new Learner[0]);
            String what = trial.what;
            assertSameNcm(ncm(merge(p[0], p[1])), ncm(merge(p[1], p[0])), what + ", a+b vs b+a");
            assertSameNcm(
                    ncm(merge(merge(p[0], p[1]), p[2])),
                    ncm(merge(p[0], merge(p[1], p[2]))),
                    what + ", (a+b)+c vs a+(b+c)");
            assertSameNcm(
                    ncm(merge(merge(p[2], p[0]), p[1])),
                    ncm(merge(p[0], merge(p[1], p[2]))),
                    what + ", (c+a)+b vs a+(b+c)");
        }
    }

    /**
     * Mixture merge: counts and class means are commutative and associative; the prototypes
     * themselves are commutative up to their order (the closest-pair reduction is symmetric) but
     * not associative, so they are not compared across groupings.
     */
    @Test
    void prototypeMixtureMergeIsCommutativeAndAssociativeInCountsAndClassMeans() {
        for (int t = 0; t < TRIALS; t++) {
            long seed = BASE_SEED + 3_000 + t;
            Random random = new Random(seed);
            Map<String, String> params = randomMixtureParams(random, "hard");
            Trial trial = Trial.of(seed, random, "prototype-mixture", params, 3);
            Learner[] p = trial.parts.toArray(new Learner[0]);
            String what = trial.what;
            PrototypeMixture ab = mixture(merge(p[0], p[1]));
            PrototypeMixture ba = mixture(merge(p[1], p[0]));
            assertSameCountsAndClassMeans(ab, ba, what + ", a+b vs b+a");
            for (String label : ab.classes()) {
                assertThat(sorted(ba.prototypes(label)))
                        .as("%s, a+b vs b+a prototypes of %s", what, label)
                        .isEqualTo(sorted(ab.prototypes(label)));
            }
            assertSameCountsAndClassMeans(
                    mixture(merge(merge(p[0], p[1]), p[2])),
                    mixture(merge(p[0], merge(p[1], p[2]))),
                    what + ", (a+b)+c vs a+(b+c)");
            assertSameCountsAndClassMeans(
                    mixture(merge(merge(p[2], p[0]), p[1])),
                    mixture(merge(p[0], merge(p[1], p[2]))),
                    what + ", (c+a)+b vs a+(b+c)");
        }
    }

    /** A stream, its whole-stream learner and learners on a random partition of it. */
    private record Trial(String what, Learner whole, List<Learner> parts) {

        static Trial of(long seed, Random random, String type, Map<String, String> params) {
            return of(seed, random, type, params, 2 + random.nextInt(5));
        }

        static Trial of(
                long seed, Random random, String type, Map<String, String> params, int parts) {
            int dim = 1 + random.nextInt(12);
            int classes = 1 + random.nextInt(8);
            int n = 200 + random.nextInt(1_500);
            List<Example> stream = SyntheticStream.blobs(random.nextLong(), n, classes, dim);
            String what =
                    String.format(
                            "seed %d (%s %s, d=%d, %d classes, n=%d, %d parts)",
                            seed, type, params, dim, classes, n, parts);
            Learner whole = Learners.create(type, dim, params);
            List<Learner> partials = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                partials.add(Learners.create(type, dim, params));
            }
            for (Example e : stream) {
                whole.learn(e.features(), e.label());
                partials.get(random.nextInt(parts)).learn(e.features(), e.label());
            }
            return new Trial(what, whole, partials);
        }

        /** Merges copies of the parts pairwise in a random binary tree; the parts stay intact. */
        Learner mergeInRandomTree(Random random) {
            List<Learner> pool = new ArrayList<>();
            for (Learner p : parts) {
                pool.add(Learners.restore(p.snapshot()));
            }
            while (pool.size() > 1) {
                Learner a = pool.remove(random.nextInt(pool.size()));
                Learner b = pool.remove(random.nextInt(pool.size()));
                a.merge(b);
                pool.add(a);
            }
            return pool.get(0);
        }
    }

    private static Map<String, String> randomMixtureParams(Random random, String assignment) {
        Map<String, String> params = new HashMap<>();
        params.put("assignment", assignment);
        params.put("metric", random.nextBoolean() ? "euclidean" : "cosine");
        params.put("maxPrototypes", Integer.toString(1 + random.nextInt(5)));
        params.put("spawnFactor", Double.toString(0.7 + random.nextDouble()));
        params.put("mergeFactor", Double.toString(random.nextDouble() * 0.6));
        params.put("temperature", Double.toString(0.5 + 10 * random.nextDouble()));
        return params;
    }

    /** A merged copy of {@code a} and {@code b}, neither modified. */
    private static Learner merge(Learner a, Learner b) {
        Learner copy = Learners.restore(a.snapshot());
        copy.merge(b);
        return copy;
    }

    private static NearestClassMean ncm(Learner l) {
        return (NearestClassMean) l;
    }

    private static PrototypeMixture mixture(Learner l) {
        return (PrototypeMixture) l;
    }

    private static double weightSum(PrototypeMixture m, String label) {
        return m.prototypes(label).stream().mapToDouble(PrototypeState::weight).sum();
    }

    private static List<PrototypeState> sorted(List<PrototypeState> prototypes) {
        List<PrototypeState> copy = new ArrayList<>(prototypes);
        copy.sort(
                Comparator.comparingDouble(PrototypeState::weight)
                        .thenComparing(p -> p.mean(0))
                        .thenComparing(p -> p.mean(p.dimension() - 1)));
        return copy;
    }

    private static void assertSameNcm(
            NearestClassMean actual, NearestClassMean expected, String what) {
        assertSameClassesAndCounts(actual, expected, what);
        for (String label : expected.classes()) {
            assertMeansClose(actual.mean(label), expected.mean(label), what + ", mean of " + label);
        }
    }

    private static void assertSameCountsAndClassMeans(
            PrototypeMixture actual, PrototypeMixture expected, String what) {
        assertSameClassesAndCounts(actual, expected, what);
        int k = actual.config().maxPrototypes();
        for (String label : expected.classes()) {
            assertThat(actual.prototypes(label))
                    .as("%s, prototypes of %s", what, label)
                    .hasSizeBetween(1, k);
            assertThat(weightSum(actual, label))
                    .as("%s, weight sum of %s", what, label)
                    .isCloseTo(actual.count(label), within(TOLERANCE * actual.count(label)));
            assertMeansClose(
                    actual.classMean(label),
                    expected.classMean(label),
                    what + ", class mean of " + label);
        }
    }

    private static void assertSameClassesAndCounts(Learner actual, Learner expected, String what) {
        assertThat(actual.classes())
                .as(what)
                .containsExactlyInAnyOrderElementsOf(expected.classes());
        assertThat(actual.examplesSeen()).as(what).isEqualTo(expected.examplesSeen());
        for (String label : expected.classes()) {
            assertThat(actual.count(label))
                    .as("%s, count of %s", what, label)
                    .isEqualTo(expected.count(label));
        }
    }

    private static void assertMeansClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as("%s [%d]", what, i)
                    .isCloseTo(
                            expected[i], within(TOLERANCE * Math.max(1.0, Math.abs(expected[i]))));
        }
    }
}
