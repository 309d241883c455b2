package io.protoflow.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.discovery.Blobs.Point;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.snapshot.LearnerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NovelClassDetectorTest {

    private static final long SEED = 20261101L;
    private static final double SIGMA = 1.0;

    /** Three known classes learned by a class-mean learner, plus the centres of two new ones. */
    private static final class World {
        final Random random = new Random(SEED);
        final List<double[]> knownCentres = new ArrayList<>();
        final Learner learner = new NearestClassMean(Blobs.DIM, NearestClassMean.Metric.EUCLIDEAN);
        final double spread;

        World() {
            double sumSq = 0;
            int n = 0;
            for (int k = 0; k < 3; k++) {
                double[] c = Blobs.centre(random, 6.0);
                knownCentres.add(c);
                for (Point p : Blobs.sample(random, c, SIGMA, 200, "known" + k, 0)) {
                    learner.learn(p.x(), p.label());
                }
            }
            LearnerState s = learner.snapshot();
            // the spread as the evaluation measures it: RMS distance to the own class mean
            Random again = new Random(SEED + 1);
            for (int k = 0; k < 3; k++) {
                double[] mean = s.classes().get(k).prototypes().get(0).mean();
                for (Point p : Blobs.sample(again, knownCentres.get(k), SIGMA, 200, "k", 0)) {
                    for (int i = 0; i < Blobs.DIM; i++) {
                        sumSq += Math.pow(p.x()[i] - mean[i], 2);
                    }
                    n++;
                }
            }
            spread = Math.sqrt(sumSq / n);
        }

        KnownClasses known() {
            return KnownClasses.of(learner, spread);
        }

        /** A new-class centre at least 5 spreads from every known centre. */
        double[] newCentre() {
            while (true) {
                double[] c = Blobs.centre(random, 6.0);
                boolean far = true;
                for (double[] k : knownCentres) {
                    double d = 0;
                    for (int i = 0; i < c.length; i++) {
                        d += Math.pow(c[i] - k[i], 2);
                    }
                    far &= Math.sqrt(d) > 5 * spread;
                }
                if (far) {
                    knownCentres.add(c);
                    return c;
                }
            }
        }
    }

    private static List<NovelClassCandidate> feed(NovelClassDetector d, List<Point> points) {
        List<NovelClassCandidate> emitted = new ArrayList<>();
        long t = 0;
        for (Point p : points) {
            emitted.addAll(d.add(Blobs.record(p, t++)));
        }
        return emitted;
    }

    @Test
    void twoSeparatedNewClustersYieldExactlyTwoPureCandidates() {
        World w = new World();
        List<Point> stream = new ArrayList<>();
        stream.addAll(Blobs.sample(w.random, w.newCentre(), SIGMA, 150, "newA", 0));
        stream.addAll(Blobs.sample(w.random, w.newCentre(), SIGMA, 150, "newB", 0));
        Collections.shuffle(stream, new Random(SEED));
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());

        List<NovelClassCandidate> emitted = feed(d, stream);

        assertThat(emitted).hasSize(2);
        assertThat(d.estimatedNewClasses()).isEqualTo(2);
        assertThat(d.currentCandidates())
                .extracting(NovelClassCandidate::candidateId)
                .containsExactlyInAnyOrder("novel-1", "novel-2");
        // purity: every buffered example sits in the candidate of its own class
        Map<String, Set<String>> labelsPerCandidate = new HashMap<>();
        for (Point p : stream) {
            String candidate = d.candidateOf(p.id()).orElseThrow();
            labelsPerCandidate.computeIfAbsent(candidate, k -> new HashSet<>()).add(p.label());
        }
        assertThat(labelsPerCandidate).hasSize(2);
        assertThat(labelsPerCandidate.values()).allSatisfy(s -> assertThat(s).hasSize(1));
        for (NovelClassCandidate c : d.currentCandidates()) {
            assertThat(c.size()).isEqualTo(150);
            assertThat(c.memberIds()).hasSize(20);
            String label = c.memberIds().get(0).substring(0, 4);
            assertThat(c.memberIds()).allSatisfy(id -> assertThat(id).startsWith(label));
            assertThat(c.compactness()).isBetween(0.9, 1.1);
            assertThat(c.separation()).isGreaterThan(4.0);
            assertThat(c.firstEventTime()).isLessThan(c.lastEventTime());
        }
    }

    @ParameterizedTest(name = "noise of radius {0} spreads")
    @ValueSource(doubles = {1.5, 2.0, 4.0, 20.0})
    void scatteredNoiseYieldsNoCandidate(double radiusInSpreads) {
        World w = new World();
        // uniform noise far from the known classes; at 1.5 spreads it forms one large cluster
        // and at 2 spreads clusters of 20+ records, none of them compact
        double[] offset = w.newCentre();
        List<Point> noise = new ArrayList<>();
        for (Point p :
                Blobs.noise(
                        w.random, radiusInSpreads * w.spread * Math.sqrt(3.0 / Blobs.DIM), 800)) {
            float[] x = p.x();
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) offset[i];
            }
            noise.add(new Point(p.id(), x, p.label()));
        }
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());

        assertThat(feed(d, noise)).isEmpty();
        assertThat(d.estimatedNewClasses()).isZero();
        assertThat(d.currentCandidates()).isEmpty();
        assertThat(d.bufferSize()).isEqualTo(800);
    }

    /** Candidates per refit method: two new classes whose centres lie 1.75 spreads apart. */
    private static Map<String, Set<String>> nearbyPair(DiscoveryConfig.RefitMethod method) {
        World w = new World();
        double[] a = w.newCentre();
        double[] b = a.clone();
        // b 1.75 spreads from a along the first axis
        b[0] += 1.75 * w.spread;
        List<Point> stream = new ArrayList<>();
        stream.addAll(Blobs.sample(w.random, a, SIGMA, 150, "newA", 0));
        stream.addAll(Blobs.sample(w.random, b, SIGMA, 150, "newB", 0));
        Collections.shuffle(stream, new Random(SEED));
        NovelClassDetector d =
                new NovelClassDetector(
                        DiscoveryConfig.defaults().withRefitMethod(method), w.known());
        feed(d, stream);
        Map<String, Set<String>> labelsPerCandidate = new HashMap<>();
        for (Point p : stream) {
            d.candidateOf(p.id())
                    .ifPresent(
                            c ->
                                    labelsPerCandidate
                                            .computeIfAbsent(c, k -> new HashSet<>())
                                            .add(p.label()));
        }
        return labelsPerCandidate;
    }

    @Test
    void globalRefitSeparatesTwoNearbyClassesThatGreedyDpMeansChains() {
        // greedy DP-means chains both into one cluster, too wide to qualify
        assertThat(nearbyPair(DiscoveryConfig.RefitMethod.GREEDY)).isEmpty();
        Map<String, Set<String>> global = nearbyPair(DiscoveryConfig.RefitMethod.GLOBAL);
        assertThat(global).hasSize(2);
        assertThat(global.values()).allSatisfy(labels -> assertThat(labels).hasSize(1));
    }

    @Test
    void globalRefitCarvesDiffuseNoiseIntoCompactCandidates() {
        // the documented weakness that keeps GREEDY the default: see
        // scatteredNoiseYieldsNoCandidate
        World w = new World();
        double[] offset = w.newCentre();
        List<Point> noise = new ArrayList<>();
        for (Point p : Blobs.noise(w.random, 1.5 * w.spread * Math.sqrt(3.0 / Blobs.DIM), 800)) {
            float[] x = p.x();
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) offset[i];
            }
            noise.add(new Point(p.id(), x, p.label()));
        }
        NovelClassDetector d =
                new NovelClassDetector(
                        DiscoveryConfig.defaults()
                                .withRefitMethod(DiscoveryConfig.RefitMethod.GLOBAL),
                        w.known());

        assertThat(feed(d, noise)).hasSizeGreaterThan(5);
    }

    @Test
    void candidateIsEmittedOnlyOnceItReachesMinSupport() {
        World w = new World();
        List<Point> points = Blobs.sample(w.random, w.newCentre(), SIGMA, 40, "newA", 0);
        DiscoveryConfig config = DiscoveryConfig.defaults().withCandidateBounds(1.25, 1.0, 25);
        NovelClassDetector d = new NovelClassDetector(config, w.known());

        assertThat(feed(d, points.subList(0, 24))).isEmpty();
        assertThat(d.estimatedNewClasses()).isZero();
        List<NovelClassCandidate> at25 = d.add(Blobs.record(points.get(24), 24));
        assertThat(at25).singleElement().satisfies(c -> assertThat(c.size()).isEqualTo(25));
        assertThat(d.estimatedNewClasses()).isEqualTo(1);
    }

    @Test
    void growingCandidateIsNotEmittedAgain() {
        World w = new World();
        List<Point> points = Blobs.sample(w.random, w.newCentre(), SIGMA, 400, "newA", 0);
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());

        List<NovelClassCandidate> emitted = feed(d, points);

        assertThat(emitted).singleElement().satisfies(c -> assertThat(c.size()).isEqualTo(20));
        assertThat(d.currentCandidates())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.candidateId()).isEqualTo("novel-1");
                            assertThat(c.size()).isEqualTo(400);
                        });
    }

    @Test
    void clusterNearAKnownClassIsNotACandidate() {
        World w = new World();
        // a dense mode 0.5 spreads from a known class mean: compact and supported, not separated
        double[] c = w.knownCentres.get(0).clone();
        c[0] += 0.5 * w.spread;
        List<Point> points = Blobs.sample(w.random, c, 0.3, 100, "nearKnown", 0);
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());

        assertThat(feed(d, points)).isEmpty();
        assertThat(d.estimatedNewClasses()).isZero();
    }

    @Test
    void labelsTurnCandidateIntoLearnerClassThatPredictsIt() {
        World w = new World();
        double[] centre = w.newCentre();
        List<Point> points = Blobs.sample(w.random, centre, SIGMA, 60, "newA", 0);
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());
        NovelClassCandidate candidate = feed(d, points).get(0);

        Optional<ClassPromotion> promotion = d.assignLabel(candidate.memberIds().get(0), "shoe");

        assertThat(promotion).isPresent();
        ClassPromotion p = promotion.orElseThrow();
        assertThat(p.label()).isEqualTo("shoe");
        assertThat(p.candidateId()).isEqualTo(candidate.candidateId());
        assertThat(p.examples())
                .hasSize(60)
                .allSatisfy(e -> assertThat(e.label()).isEqualTo("shoe"));
        assertThat(d.bufferSize()).isZero();
        assertThat(d.candidateOf(points.get(0).id())).isEmpty();

        // exact: the learner equals one that learned the same examples labelled
        Learner reference = copyOf(w.learner);
        for (LabelledVector e : p.examples()) {
            reference.learn(e.features(), e.label());
        }
        p.applyTo(w.learner);
        assertThat(w.learner.snapshot()).isEqualTo(reference.snapshot());
        assertThat(w.learner.count("shoe")).isEqualTo(60);

        List<Point> fresh = Blobs.sample(w.random, centre, SIGMA, 100, "newA", 1000);
        long correct =
                fresh.stream()
                        .filter(
                                x ->
                                        w.learner
                                                .predict(x.x())
                                                .top()
                                                .orElseThrow()
                                                .label()
                                                .equals("shoe"))
                        .count();
        assertThat(correct).isEqualTo(100);

        // until the learner's snapshot comes back, the promoted centre counts as known
        assertThat(feed(d, fresh)).isEmpty();
        d.updateKnownClasses(KnownClasses.of(w.learner, w.spread));
        assertThat(d.knownClasses().classes()).hasSize(4);
        assertThat(d.estimatedNewClasses()).isZero();
    }

    private static Learner copyOf(Learner l) {
        return io.protoflow.core.learn.Learners.restore(l.snapshot());
    }

    @Test
    void promotionWaitsForMinLabelsAndTakesTheMajorityLabel() {
        World w = new World();
        List<Point> points = Blobs.sample(w.random, w.newCentre(), SIGMA, 30, "newA", 0);
        DiscoveryConfig config = DiscoveryConfig.defaults().withReporting(20, 3);
        NovelClassDetector d = new NovelClassDetector(config, w.known());
        feed(d, points);

        assertThat(d.assignLabel("unknown-id", "x")).isEmpty();
        assertThat(d.assignLabel(points.get(0).id(), "boot")).isEmpty();
        assertThat(d.assignLabel(points.get(1).id(), "sandal")).isEmpty();
        ClassPromotion p = d.assignLabel(points.get(2).id(), "boot").orElseThrow();

        assertThat(p.label()).isEqualTo("boot");
        Map<String, Long> byLabel = new HashMap<>();
        p.examples().forEach(e -> byLabel.merge(e.label(), 1L, Long::sum));
        assertThat(byLabel).containsEntry("sandal", 1L).containsEntry("boot", 29L);
    }

    @Test
    void labelOnANonCandidateIsKeptButPromotesNothing() {
        World w = new World();
        List<Point> points = Blobs.sample(w.random, w.newCentre(), SIGMA, 10, "newA", 0);
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());
        feed(d, points);

        assertThat(d.assignLabel(points.get(0).id(), "boot")).isEmpty();
        assertThat(d.snapshot().buffer().get(0).label()).isEqualTo("boot");
    }

    @Test
    void oldestEvictionKeepsTheMostRecentRecords() {
        World w = new World();
        List<Point> noise = Blobs.noise(w.random, 30.0, 300);
        NovelClassDetector d =
                new NovelClassDetector(
                        DiscoveryConfig.defaults().withBufferCapacity(100), w.known());
        feed(d, noise);

        assertThat(d.bufferSize()).isEqualTo(100);
        assertThat(d.snapshot().buffer())
                .extracting(DiscoveryState.BufferedRecord::exampleId)
                .containsExactlyElementsOf(
                        noise.subList(200, 300).stream().map(Point::id).toList());
    }

    @Test
    void reservoirEvictionKeepsASeededUniformSample() {
        World w = new World();
        List<Point> noise = Blobs.noise(w.random, 30.0, 2000);
        DiscoveryConfig reservoir =
                DiscoveryConfig.defaults()
                        .withBufferCapacity(200)
                        .withEviction(DiscoveryConfig.Eviction.RESERVOIR, 7L);
        NovelClassDetector a = new NovelClassDetector(reservoir, w.known());
        NovelClassDetector b = new NovelClassDetector(reservoir, w.known());
        NovelClassDetector c =
                new NovelClassDetector(
                        reservoir.withEviction(DiscoveryConfig.Eviction.RESERVOIR, 8L), w.known());
        feed(a, noise);
        feed(b, noise);
        feed(c, noise);

        assertThat(a.snapshot()).isEqualTo(b.snapshot());
        assertThat(ids(a)).isNotEqualTo(ids(c));
        // uniform over the stream: about a tenth of the sample from each tenth of the stream
        long early = ids(a).stream().filter(id -> number(id) < 1000).count();
        assertThat(early).isBetween(70L, 130L);
    }

    private static List<String> ids(NovelClassDetector d) {
        return d.snapshot().buffer().stream()
                .map(DiscoveryState.BufferedRecord::exampleId)
                .toList();
    }

    private static int number(String id) {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    @Test
    void duplicateExampleIdIsIgnored() {
        World w = new World();
        Point p = Blobs.sample(w.random, w.newCentre(), SIGMA, 1, "newA", 0).get(0);
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());
        d.add(Blobs.record(p, 1));
        d.add(Blobs.record(p, 2));

        assertThat(d.bufferSize()).isEqualTo(1);
        assertThat(d.recordsSeen()).isEqualTo(1);
    }

    @Test
    void restoredDetectorContinuesExactlyAsTheOriginal() {
        World w = new World();
        List<Point> stream = new ArrayList<>();
        stream.addAll(Blobs.sample(w.random, w.newCentre(), SIGMA, 150, "newA", 0));
        stream.addAll(Blobs.sample(w.random, w.newCentre(), SIGMA, 150, "newB", 0));
        stream.addAll(Blobs.noise(w.random, 30.0, 100));
        Collections.shuffle(stream, new Random(SEED));
        DiscoveryConfig config =
                DiscoveryConfig.defaults()
                        .withBufferCapacity(150)
                        .withEviction(DiscoveryConfig.Eviction.RESERVOIR, 3L)
                        .withRefit(37, 2);
        NovelClassDetector original = new NovelClassDetector(config, w.known());
        feed(original, stream.subList(0, 200));
        original.assignLabel(stream.get(199).id(), "late");

        DiscoveryState state = original.snapshot();
        NovelClassDetector restored = NovelClassDetector.restore(state);

        assertThat(restored.snapshot()).isEqualTo(state);
        List<NovelClassCandidate> a = feed(original, stream.subList(200, 400));
        List<NovelClassCandidate> b = feed(restored, stream.subList(200, 400));
        assertThat(b).isEqualTo(a);
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        assertThat(restored.currentCandidates()).isEqualTo(original.currentCandidates());
    }

    @Test
    void stateOfAnUnknownVersionIsRefused() {
        World w = new World();
        DiscoveryState s = new NovelClassDetector(DiscoveryConfig.defaults(), w.known()).snapshot();

        assertThatThrownBy(
                        () ->
                                new DiscoveryState(
                                        3,
                                        s.config(),
                                        s.known(),
                                        s.promoted(),
                                        s.buffer(),
                                        s.clusters(),
                                        s.nextClusterId(),
                                        s.candidatesEmitted(),
                                        s.recordsSeen(),
                                        s.sinceRefit()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown version 3, this build reads up to 2");
    }

    @Test
    void recordOfTheWrongDimensionIsRejected() {
        World w = new World();
        NovelClassDetector d = new NovelClassDetector(DiscoveryConfig.defaults(), w.known());

        assertThatThrownBy(() -> d.add(new OodRecord("x", new float[3], 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 3, model expects 16");
    }

    @Test
    void pooledSpreadOfStreamingLdaIsTheRmsDistanceToClassMeans() {
        Random random = new Random(SEED);
        Learner lda = io.protoflow.core.learn.Learners.create("streaming-lda", Blobs.DIM, Map.of());
        List<Point> all = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            all.addAll(Blobs.sample(random, Blobs.centre(random, 6), 1.5, 300, "c" + k, 0));
        }
        all.forEach(p -> lda.learn(p.x(), p.label()));
        LearnerState s = lda.snapshot();
        double sumSq = 0;
        for (Point p : all) {
            double[] mean =
                    s.classes().stream()
                            .filter(c -> c.label().equals(p.label()))
                            .findFirst()
                            .orElseThrow()
                            .prototypes()
                            .get(0)
                            .mean();
            for (int i = 0; i < Blobs.DIM; i++) {
                sumSq += Math.pow(p.x()[i] - mean[i], 2);
            }
        }

        assertThat(KnownClasses.pooledSpread(s).orElseThrow())
                .isCloseTo(Math.sqrt(sumSq / all.size()), within(1e-6));
        assertThat(KnownClasses.pooledSpread(new World().learner.snapshot())).isEmpty();
    }
}
