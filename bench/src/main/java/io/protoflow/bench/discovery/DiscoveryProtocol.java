package io.protoflow.bench.discovery;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.discovery.ClassPromotion;
import io.protoflow.core.discovery.DiscoveryConfig;
import io.protoflow.core.discovery.DiscoveryState;
import io.protoflow.core.discovery.KnownClasses;
import io.protoflow.core.discovery.NovelClassCandidate;
import io.protoflow.core.discovery.NovelClassDetector;
import io.protoflow.core.discovery.OodRecord;
import io.protoflow.core.eval.ClusteringAccuracy;
import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.learn.Vectors;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.PrototypeState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One novel-class discovery run: hold out some classes, learn the others with labels, stream the
 * held-out classes unlabelled (mixed with unseen known-class rows), route what the OOD rule flags
 * into a {@link NovelClassDetector}, score the clusters it finds, then label a few members of each
 * candidate and check that the learner now predicts the new classes.
 *
 * <p>Records are routed by an {@link OodRule} calibrated on the known classes' training rows.
 * <b>Spread</b>: the root mean squared distance of those rows to their own class mean. The learner
 * is a nearest class mean learner in the {@link FeatureSpace}, fitted on the known classes'
 * training rows only.
 */
public final class DiscoveryProtocol {

    /**
     * What a run does besides the detector's own configuration.
     *
     * @param space the {@link FeatureSpace} spec
     * @param oodRule the {@link OodRule} spec
     * @param config the detector configuration
     * @param oodQuantile quantile of in-distribution distances above which a record is OOD, in (0,
     *     1)
     * @param knownMix known-class records streamed per novel-class record, >= 0
     * @param novelPerClass the most training rows streamed per held-out class, >= 1
     * @param knownPerClass the most training rows learned per known class, >= 1
     * @param labelsPerCandidate member labels revealed per candidate at the end, >= 0
     * @param fitSample the most known rows a PCA step is fitted on, >= 2
     */
    public record Settings(
            String space,
            String oodRule,
            DiscoveryConfig config,
            double oodQuantile,
            double knownMix,
            int novelPerClass,
            int knownPerClass,
            int labelsPerCandidate,
            int fitSample) {

        public Settings {
            if (space == null || space.isBlank()) {
                throw new IllegalArgumentException("space is blank: '" + space + "'");
            }
            if (oodRule == null || config == null) {
                throw new IllegalArgumentException("oodRule and config must not be null");
            }
            if (!(oodQuantile > 0.0 && oodQuantile < 1.0)) {
                throw new IllegalArgumentException(
                        "oodQuantile must be in (0, 1), got " + oodQuantile);
            }
            if (!(knownMix >= 0.0) || Double.isInfinite(knownMix)) {
                throw new IllegalArgumentException(
                        "knownMix must be finite and >= 0, got " + knownMix);
            }
            if (novelPerClass < 1) {
                throw new IllegalArgumentException(
                        "novelPerClass must be >= 1, got " + novelPerClass);
            }
            if (knownPerClass < 1) {
                throw new IllegalArgumentException(
                        "knownPerClass must be >= 1, got " + knownPerClass);
            }
            if (labelsPerCandidate < 0) {
                throw new IllegalArgumentException(
                        "labelsPerCandidate must be >= 0, got " + labelsPerCandidate);
            }
            if (fitSample < 2) {
                throw new IllegalArgumentException("fitSample must be >= 2, got " + fitSample);
            }
        }
    }

    private DiscoveryProtocol() {}

    /**
     * Runs the protocol.
     *
     * @param train rows to learn (known classes) and to stream (held-out classes)
     * @param test unseen rows: known ones are mixed into the stream, and all are predicted after
     *     promotion
     * @param heldOut the classes to hold out, each present in {@code train}
     * @param seed seed of every sample and shuffle
     * @throws IllegalArgumentException if a held-out class is absent or no known class remains
     */
    public static DiscoveryRun run(
            Dataset train, Dataset test, List<String> heldOut, Settings s, long seed) {
        return run(train, test, heldOut, s, seed, null);
    }

    /**
     * {@link #run(Dataset, Dataset, List, Settings, long)}, describing the final clusters of at
     * least 5 members (size, compactness, separation, majority class and purity) on {@code log}
     * when it is not null.
     */
    public static DiscoveryRun run(
            Dataset train,
            Dataset test,
            List<String> heldOut,
            Settings s,
            long seed,
            PrintStream log) {
        long t0 = System.nanoTime();
        Set<String> novel = new HashSet<>(heldOut);
        List<String> labels = train.labels();
        for (String h : heldOut) {
            if (!labels.contains(h)) {
                throw new IllegalArgumentException(
                        "held-out class '" + h + "' is not in " + train.name() + ": " + labels);
            }
        }
        if (novel.size() >= labels.size()) {
            throw new IllegalArgumentException(
                    "holding out " + heldOut + " leaves no known class of " + labels);
        }
        Random random = new Random(seed);
        Map<String, List<LabelledVector>> byClass = byClass(train.rows());
        List<LabelledVector> knownTrain = new ArrayList<>();
        List<LabelledVector> novelStream = new ArrayList<>();
        for (Map.Entry<String, List<LabelledVector>> e : byClass.entrySet()) {
            List<LabelledVector> rows = new ArrayList<>(e.getValue());
            Collections.shuffle(rows, random);
            if (novel.contains(e.getKey())) {
                novelStream.addAll(rows.subList(0, Math.min(s.novelPerClass(), rows.size())));
            } else {
                knownTrain.addAll(rows.subList(0, Math.min(s.knownPerClass(), rows.size())));
            }
        }
        List<LabelledVector> knownTest = new ArrayList<>();
        List<LabelledVector> novelTest = new ArrayList<>();
        for (LabelledVector v : test.rows()) {
            (novel.contains(v.label()) ? novelTest : knownTest).add(v);
        }

        // the feature space and the learner see the known classes only
        List<float[]> fitRows = new ArrayList<>();
        List<String> fitLabels = new ArrayList<>();
        List<LabelledVector> fitSample = new ArrayList<>(knownTrain);
        Collections.shuffle(fitSample, random);
        for (LabelledVector v : fitSample.subList(0, Math.min(s.fitSample(), fitSample.size()))) {
            fitRows.add(v.features());
            fitLabels.add(v.label());
        }
        FeatureSpace space =
                FeatureSpace.fit(s.space(), fitRows, fitLabels, train.dimension(), seed);
        NearestClassMean learner =
                new NearestClassMean(space.dimension(), NearestClassMean.Metric.EUCLIDEAN);
        List<float[]> knownMapped = new ArrayList<>(knownTrain.size());
        for (LabelledVector v : knownTrain) {
            float[] x = space.apply(v.features());
            knownMapped.add(x);
            learner.learn(x, v.label());
        }
        double sumSq = 0;
        for (int i = 0; i < knownTrain.size(); i++) {
            sumSq +=
                    Vectors.squaredDistance(
                            knownMapped.get(i), learner.mean(knownTrain.get(i).label()));
        }
        double spread = Math.sqrt(sumSq / knownTrain.size());
        OodRule ood = OodRule.fit(s.oodRule(), knownMapped, learner, s.oodQuantile(), seed);
        double threshold = ood.threshold();

        // the unlabelled stream: novel rows and unseen known rows, shuffled
        List<LabelledVector> stream = new ArrayList<>(novelStream);
        List<LabelledVector> knownPool = new ArrayList<>(knownTest);
        Collections.shuffle(knownPool, random);
        int knownCount =
                (int) Math.min(knownPool.size(), Math.round(s.knownMix() * novelStream.size()));
        stream.addAll(knownPool.subList(0, knownCount));
        Collections.shuffle(stream, random);

        NovelClassDetector detector =
                new NovelClassDetector(s.config(), KnownClasses.of(learner, spread));
        Map<String, String> trueLabel = new HashMap<>();
        Map<String, float[]> mapped = new LinkedHashMap<>();
        int novelFlagged = 0;
        int knownFlagged = 0;
        long emitted = 0;
        long time = 0;
        for (LabelledVector v : stream) {
            float[] x = space.apply(v.features());
            trueLabel.put(v.id(), v.label());
            boolean isNovel = novel.contains(v.label());
            if (isNovel) {
                mapped.put(v.id(), x);
            }
            if (ood.isOod(x, isNovel)) {
                if (isNovel) {
                    novelFlagged++;
                } else {
                    knownFlagged++;
                }
                emitted += detector.add(new OodRecord(v.id(), x, time)).size();
            }
            time++;
        }

        if (log != null) {
            describeClusters(detector, trueLabel, log);
        }
        int estimatedK = detector.estimatedNewClasses();
        List<NovelClassCandidate> candidates = detector.currentCandidates();
        List<String> truth = new ArrayList<>();
        List<String> assigned = new ArrayList<>();
        List<String> memberTruth = new ArrayList<>();
        List<String> memberAssigned = new ArrayList<>();
        for (Map.Entry<String, float[]> e : mapped.entrySet()) {
            truth.add(trueLabel.get(e.getKey()));
            assigned.add(nearestCandidate(candidates, e.getValue()));
            if (detector.contains(e.getKey())) {
                memberTruth.add(trueLabel.get(e.getKey()));
                memberAssigned.add(detector.candidateOf(e.getKey()).orElse(null));
            }
        }
        double accuracy = ClusteringAccuracy.of(truth, assigned).accuracy();
        double memberAccuracy = ClusteringAccuracy.of(memberTruth, memberAssigned).accuracy();

        // labels arrive for a few members of each candidate: promote, then predict unseen rows
        int promoted = 0;
        for (NovelClassCandidate c : candidates) {
            List<String> ids = c.memberIds();
            for (int i = 0; i < Math.min(s.labelsPerCandidate(), ids.size()); i++) {
                Optional<ClassPromotion> p =
                        detector.assignLabel(ids.get(i), trueLabel.get(ids.get(i)));
                if (p.isPresent()) {
                    p.get().applyTo(learner);
                    promoted++;
                    break;
                }
            }
        }
        double newClassAccuracy = accuracy(learner, space, novelTest);
        double knownAccuracy = accuracy(learner, space, knownTest);
        return new DiscoveryRun(
                heldOut,
                seed,
                space.dimension(),
                spread,
                threshold,
                novelStream.size(),
                knownCount,
                novelStream.isEmpty() ? 0 : (double) novelFlagged / novelStream.size(),
                knownCount == 0 ? 0 : (double) knownFlagged / knownCount,
                emitted,
                estimatedK,
                accuracy,
                memberAccuracy,
                promoted,
                newClassAccuracy,
                knownAccuracy,
                (System.nanoTime() - t0) / 1e9);
    }

    private static void describeClusters(
            NovelClassDetector detector, Map<String, String> trueLabel, PrintStream log) {
        DiscoveryState state = detector.snapshot();
        KnownClasses known = state.known();
        for (DiscoveryState.ClusterState c : state.clusters()) {
            if (c.count() < 5) {
                continue;
            }
            double[] centre = c.sum();
            double norm2 = 0;
            for (int i = 0; i < centre.length; i++) {
                centre[i] /= c.count();
                norm2 += centre[i] * centre[i];
            }
            double rms = Math.sqrt(Math.max(0, c.sumSquares() / c.count() - norm2));
            double separation = Double.POSITIVE_INFINITY;
            for (ClassState k : known.classes()) {
                for (PrototypeState p : k.prototypes()) {
                    double d = 0;
                    for (int i = 0; i < centre.length; i++) {
                        d += Math.pow(centre[i] - p.mean(i), 2);
                    }
                    separation = Math.min(separation, Math.sqrt(d));
                }
            }
            Map<String, Integer> votes = new TreeMap<>();
            for (DiscoveryState.BufferedRecord r : state.buffer()) {
                if (r.clusterId() == c.id()) {
                    votes.merge(trueLabel.get(r.exampleId()), 1, Integer::sum);
                }
            }
            log.printf(
                    Locale.ROOT,
                    "  cluster %d%s: size %d, compactness %.2f, separation %.2f, classes %s%n",
                    c.id(),
                    c.candidateId() == null ? "" : " (" + c.candidateId() + ")",
                    c.count(),
                    rms / known.spread(),
                    separation / known.spread(),
                    votes);
        }
    }

    private static Map<String, List<LabelledVector>> byClass(List<LabelledVector> rows) {
        Map<String, List<LabelledVector>> out = new LinkedHashMap<>();
        for (LabelledVector v : rows) {
            out.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String nearestCandidate(List<NovelClassCandidate> candidates, float[] x) {
        String best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (NovelClassCandidate c : candidates) {
            double d = Vectors.squaredDistance(x, c.prototype());
            if (d < bestD) {
                bestD = d;
                best = c.candidateId();
            }
        }
        return best;
    }

    private static double accuracy(
            NearestClassMean learner, FeatureSpace space, List<LabelledVector> rows) {
        if (rows.isEmpty()) {
            return 0.0;
        }
        int correct = 0;
        for (LabelledVector v : rows) {
            String top = learner.predict(space.apply(v.features())).top().orElseThrow().label();
            if (top.equals(v.label())) {
                correct++;
            }
        }
        return (double) correct / rows.size();
    }
}
