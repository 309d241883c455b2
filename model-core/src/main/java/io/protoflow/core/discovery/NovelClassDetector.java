package io.protoflow.core.discovery;

import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.discovery.DiscoveryState.BufferedRecord;
import io.protoflow.core.discovery.DiscoveryState.ClusterState;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.Vectors;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Novel-class discovery over the records an out-of-distribution rule flags: keeps them in a bounded
 * buffer, clusters them online with DP-means, emits a {@link NovelClassCandidate} for each cluster
 * that is compact, separated from the known prototypes and well supported, estimates the number of
 * new classes, and turns a candidate into a learner class once labels arrive for its members
 * ({@link #assignLabel}).
 *
 * <p><b>Why DP-means.</b> DP-means (Kulis and Jordan, 2012, the small-variance limit of a
 * Dirichlet-process Gaussian mixture) minimises the within-cluster squared distance plus {@code
 * lambda} per cluster, so the number of clusters follows from the data instead of being given, and
 * one record is assigned in {@code O(k d)}: a record farther than {@code sqrt(lambda)} from every
 * centre opens a cluster. Hard assignments give exact member lists (what an alert and a promotion
 * need), and with {@code lambda} tied to the known classes' spread a new class of about the known
 * classes' width becomes one cluster. A Gaussian mixture with split and merge moves (as in
 * semi-supervised GMM and ProtoGCD) models anisotropic classes better, but needs per-cluster
 * covariances that a few dozen members in hundreds of dimensions cannot estimate; the feature space
 * in front (normalisation, projection) is the better lever.
 *
 * <p><b>Algorithm.</b> Each added record joins its nearest cluster (centre = exact mean of the
 * members, kept as sufficient statistics) or opens a new one beyond {@code newClusterDistance *
 * spread}; a cluster whose centre then comes within {@code mergeDistance * spread} of another's
 * merges with it. Online assignment depends on arrival order, so every {@code refitInterval}
 * records a batch DP-means refit reassigns the whole buffer ({@code refitPasses} passes, stopping
 * early when nothing moves), drops emptied clusters and merges close centres greedily, largest
 * clusters first. A refit costs {@code O(passes * n * k * d)} for {@code n} buffered records and
 * {@code k} clusters. With {@link DiscoveryConfig.RefitMethod#GLOBAL} the refit instead minimises
 * the same DP-means objective over the whole buffer with {@link DpMeansSearch} and the clusters
 * keep their ids through the member overlap; see there for its trade-off.
 *
 * <p><b>Candidates.</b> A cluster qualifies while it has at least {@code minSupport} members, a
 * root mean squared member-to-centre distance of at most {@code maxCompactness * spread}, and a
 * centre at least {@code minSeparation * spread} from every known (or promoted) prototype. The
 * first time a cluster qualifies, {@link #add} returns its candidate record under a new id {@code
 * novel-<n>}; the cluster keeps that id for life and is never emitted again, however it grows or
 * shrinks, and whether or not it keeps qualifying. When two clusters merge, the survivor is the one
 * emitted first (or, when neither was emitted, the larger); the absorbed candidate's id disappears
 * from {@link #currentCandidates()} and its members belong to the survivor. A cluster whose members
 * are all evicted or reassigned is gone with its id; if its class keeps arriving, a new cluster
 * forms and is emitted under a new id. {@link #estimatedNewClasses()} counts the clusters that
 * qualify now.
 *
 * <p><b>Promotion.</b> {@link #assignLabel} stores a label for a buffered member. Once an emitted
 * candidate has {@code minLabels} labelled members, it is promoted: the result lists all its
 * buffered members, each under its own label if one arrived and under the majority label otherwise
 * (ties go to the lexically smallest label), and {@link ClassPromotion#applyTo} learns them into
 * the learner. Learning the members, rather than handing over a centre, keeps the learner's
 * statistics exact: a class mean or a streaming LDA learner ends in the state it would have reached
 * had these examples arrived labelled. The members leave the buffer and the cluster is dropped; the
 * promoted centre counts as a known prototype (no second candidate for the same class) until {@link
 * #updateKnownClasses} hands over a snapshot that contains the label.
 *
 * <p><b>Buffer.</b> At most {@code bufferCapacity} records; when full, {@link
 * DiscoveryConfig.Eviction#OLDEST} evicts the record that arrived first and {@link
 * DiscoveryConfig.Eviction#RESERVOIR} keeps a seeded uniform sample of all records (the draw for
 * the n-th record is a pure function of seed and n, so snapshots need no generator state). A record
 * whose id is already buffered is ignored, so replays are harmless.
 *
 * <p>Deterministic for a given configuration and input order; not thread-safe.
 */
public final class NovelClassDetector {

    /** Prefix of candidate ids. */
    public static final String CANDIDATE_PREFIX = "novel-";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final DiscoveryConfig config;
    private final int dimension;
    private KnownClasses known;
    private final List<ClassState> promoted = new ArrayList<>();
    private final List<Entry> buffer = new ArrayList<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<Long, Cluster> clusters = new LinkedHashMap<>();
    private long nextClusterId;
    private long candidatesEmitted;
    private long recordsSeen;
    private int sinceRefit;

    /** Known and promoted prototypes, flattened for the separation test. */
    private double[][] prototypes;

    private String[] prototypeLabels;

    /**
     * Creates an empty detector.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public NovelClassDetector(DiscoveryConfig config, KnownClasses known) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        if (known == null) {
            throw new IllegalArgumentException("known is null");
        }
        this.config = config;
        this.known = known;
        this.dimension = known.dimension();
        rebuildPrototypes();
    }

    /**
     * Rebuilds a detector from its snapshot; it continues exactly as the one that took it.
     *
     * @throws IllegalArgumentException if the state is null or inconsistent (e.g. a cluster's count
     *     differs from its buffered members)
     */
    public static NovelClassDetector restore(DiscoveryState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        NovelClassDetector d = new NovelClassDetector(state.config(), state.known());
        d.promoted.addAll(state.promoted());
        for (ClusterState c : state.clusters()) {
            Cluster cluster = new Cluster(c.id(), d.dimension);
            cluster.candidateId = c.candidateId();
            cluster.sum = c.sum();
            cluster.sumSquares = c.sumSquares();
            cluster.count = c.count();
            cluster.refreshCentre();
            d.clusters.put(c.id(), cluster);
        }
        Map<Long, Integer> members = new HashMap<>();
        for (BufferedRecord r : state.buffer()) {
            Entry e =
                    new Entry(
                            r.exampleId(),
                            r.features(),
                            r.eventTime(),
                            d.clusters.get(r.clusterId()));
            e.label = r.label();
            d.buffer.add(e);
            d.byId.put(e.id, e);
            members.merge(r.clusterId(), 1, Integer::sum);
        }
        for (Cluster c : d.clusters.values()) {
            int m = members.getOrDefault(c.id, 0);
            if (m != c.count) {
                throw new IllegalArgumentException(
                        "cluster " + c.id + " has count " + c.count + " but " + m + " members");
            }
        }
        d.nextClusterId = state.nextClusterId();
        d.candidatesEmitted = state.candidatesEmitted();
        d.recordsSeen = state.recordsSeen();
        d.sinceRefit = state.sinceRefit();
        d.rebuildPrototypes();
        return d;
    }

    /** The configuration. */
    public DiscoveryConfig config() {
        return config;
    }

    /** The known classes last handed over. */
    public KnownClasses knownClasses() {
        return known;
    }

    /** The feature dimension (that of the known prototypes). */
    public int dimension() {
        return dimension;
    }

    /** The number of buffered records. */
    public int bufferSize() {
        return buffer.size();
    }

    /** The number of clusters (qualifying or not). */
    public int clusterCount() {
        return clusters.size();
    }

    /** The records offered so far, including ignored duplicates' first copies and dropped ones. */
    public long recordsSeen() {
        return recordsSeen;
    }

    /**
     * Replaces the known classes, e.g. with each new learner snapshot. Promoted classes whose label
     * the new set contains stop counting separately. Qualification changes are seen from the next
     * {@link #add} on.
     *
     * @throws IllegalArgumentException if {@code known} is null or of another dimension
     */
    public void updateKnownClasses(KnownClasses newKnown) {
        if (newKnown == null) {
            throw new IllegalArgumentException("known is null");
        }
        if (newKnown.dimension() != dimension) {
            throw new IllegalArgumentException(
                    "known classes have dimension "
                            + newKnown.dimension()
                            + ", detector has "
                            + dimension);
        }
        this.known = newKnown;
        Set<String> labels = new HashSet<>();
        newKnown.classes().forEach(c -> labels.add(c.label()));
        promoted.removeIf(c -> labels.contains(c.label()));
        rebuildPrototypes();
    }

    /**
     * Buffers and clusters one OOD record.
     *
     * @return the candidates emitted because of this record (usually none; several after a refit)
     * @throws IllegalArgumentException if the features are invalid or of the wrong dimension
     */
    public List<NovelClassCandidate> add(OodRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("record is null");
        }
        float[] x = record.featuresView();
        Vectors.requireValid(x, dimension);
        if (byId.containsKey(record.exampleId())) {
            return List.of();
        }
        recordsSeen++;
        int slot = buffer.size();
        if (buffer.size() == config.bufferCapacity()) {
            if (config.eviction() == DiscoveryConfig.Eviction.OLDEST) {
                detach(buffer.remove(0));
                slot = buffer.size();
            } else {
                long j = reservoirDraw(recordsSeen);
                if (j >= config.bufferCapacity()) {
                    return List.of();
                }
                slot = (int) j;
                detach(buffer.get(slot));
            }
        }
        Entry e = new Entry(record.exampleId(), x.clone(), record.eventTime(), null);
        Cluster target = nearest(e.x, clusters.values());
        if (target == null || target.distance2(e.x) > lambda()) {
            target = newCluster();
        }
        e.cluster = target;
        target.add(e.x);
        if (slot == buffer.size()) {
            buffer.add(e);
        } else {
            buffer.set(slot, e);
        }
        byId.put(e.id, e);
        mergeNear(target);

        sinceRefit++;
        if (sinceRefit >= config.refitInterval()) {
            refit();
            List<NovelClassCandidate> out = new ArrayList<>();
            for (Cluster c : clusters.values()) {
                NovelClassCandidate emitted = emitIfQualifies(c);
                if (emitted != null) {
                    out.add(emitted);
                }
            }
            return out;
        }
        NovelClassCandidate emitted = emitIfQualifies(e.cluster);
        return emitted == null ? List.of() : List.of(emitted);
    }

    /**
     * Records that {@code exampleId} has label {@code label}; promotes its cluster when it is an
     * emitted candidate with at least {@code minLabels} labelled members.
     *
     * @return the promotion to apply to the learner, or empty when the example is not buffered or
     *     its cluster is not (yet) promotable (the label is kept for later)
     * @throws IllegalArgumentException if the label is null or blank
     */
    public Optional<ClassPromotion> assignLabel(String exampleId, String label) {
        Learners.requireValidLabel(label);
        Entry e = exampleId == null ? null : byId.get(exampleId);
        if (e == null) {
            return Optional.empty();
        }
        e.label = label;
        Cluster c = e.cluster;
        if (c.candidateId == null) {
            return Optional.empty();
        }
        Map<String, Integer> votes = new TreeMap<>();
        List<Entry> members = new ArrayList<>();
        for (Entry m : buffer) {
            if (m.cluster == c) {
                members.add(m);
                if (m.label != null) {
                    votes.merge(m.label, 1, Integer::sum);
                }
            }
        }
        int labelled = votes.values().stream().mapToInt(Integer::intValue).sum();
        if (labelled < config.minLabels()) {
            return Optional.empty();
        }
        String majority = null;
        int best = -1;
        for (Map.Entry<String, Integer> v : votes.entrySet()) {
            if (v.getValue() > best) {
                best = v.getValue();
                majority = v.getKey();
            }
        }
        List<LabelledVector> examples = new ArrayList<>(members.size());
        for (Entry m : members) {
            examples.add(new LabelledVector(m.id, m.x, m.label != null ? m.label : majority));
            byId.remove(m.id);
        }
        buffer.removeIf(m -> m.cluster == c);
        clusters.remove(c.id);
        double[] centre = c.centre.clone();
        promoted.add(
                new ClassState(
                        majority, c.count, List.of(new PrototypeState((double) c.count, centre))));
        rebuildPrototypes();
        return Optional.of(new ClassPromotion(c.candidateId, majority, centre, examples));
    }

    /**
     * The number of clusters that qualify as new classes now: the estimated number of new classes.
     */
    public int estimatedNewClasses() {
        int n = 0;
        for (Cluster c : clusters.values()) {
            if (qualifies(c)) {
                n++;
            }
        }
        return n;
    }

    /** Up-to-date records of the emitted candidates that still qualify, in creation order. */
    public List<NovelClassCandidate> currentCandidates() {
        List<NovelClassCandidate> out = new ArrayList<>();
        for (Cluster c : clusters.values()) {
            if (c.candidateId != null && qualifies(c)) {
                out.add(describe(c));
            }
        }
        return out;
    }

    /** Whether {@code exampleId} is buffered. */
    public boolean contains(String exampleId) {
        return exampleId != null && byId.containsKey(exampleId);
    }

    /** The id of the emitted candidate whose cluster holds {@code exampleId}, if any. */
    public Optional<String> candidateOf(String exampleId) {
        Entry e = exampleId == null ? null : byId.get(exampleId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.cluster.candidateId);
    }

    /** The complete state, from which {@link #restore} rebuilds this detector. */
    public DiscoveryState snapshot() {
        List<BufferedRecord> records = new ArrayList<>(buffer.size());
        for (Entry e : buffer) {
            records.add(new BufferedRecord(e.id, e.x, e.eventTime, e.cluster.id, e.label));
        }
        List<ClusterState> cs = new ArrayList<>(clusters.size());
        for (Cluster c : clusters.values()) {
            cs.add(new ClusterState(c.id, c.candidateId, c.sum, c.sumSquares, c.count));
        }
        return new DiscoveryState(
                DiscoveryState.CURRENT_VERSION,
                config,
                known,
                promoted,
                records,
                cs,
                nextClusterId,
                candidatesEmitted,
                recordsSeen,
                sinceRefit);
    }

    @Override
    public String toString() {
        return "NovelClassDetector[buffer="
                + buffer.size()
                + ", clusters="
                + clusters.size()
                + ", candidatesEmitted="
                + candidatesEmitted
                + "]";
    }

    // ---------------------------------------------------------------------------------------

    private double lambda() {
        double r = config.newClusterDistance() * known.spread();
        return r * r;
    }

    /**
     * A uniform draw in {@code [0, n)} for the n-th record: SplitMix64's finaliser on {@code seed +
     * n * gamma}, reduced modulo n (bias below {@code n / 2^63}).
     */
    private long reservoirDraw(long n) {
        long z = config.seed() + n * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 1) % n;
    }

    private Cluster newCluster() {
        Cluster c = new Cluster(nextClusterId++, dimension);
        clusters.put(c.id, c);
        return c;
    }

    /** Removes an entry's contribution to its cluster (dropping the cluster when it empties). */
    private void detach(Entry e) {
        byId.remove(e.id);
        Cluster c = e.cluster;
        c.remove(e.x);
        if (c.count == 0) {
            clusters.remove(c.id);
        }
    }

    private static Cluster nearest(float[] x, Iterable<Cluster> candidates) {
        Cluster best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (Cluster c : candidates) {
            double d = c.distance2(x);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** Merges {@code c} with the nearest other cluster while one lies within the merge distance. */
    private void mergeNear(Cluster c) {
        double limit = config.mergeDistance() * known.spread();
        double limit2 = limit * limit;
        Cluster current = c;
        while (true) {
            Cluster other = null;
            double bestD = Double.POSITIVE_INFINITY;
            for (Cluster o : clusters.values()) {
                if (o != current) {
                    double d = squaredDistance(o.centre, current.centre);
                    if (d < bestD) {
                        bestD = d;
                        other = o;
                    }
                }
            }
            if (other == null || !(bestD < limit2)) {
                return;
            }
            current = merge(current, other);
        }
    }

    /** Merges two clusters; returns the survivor. */
    private Cluster merge(Cluster a, Cluster b) {
        Cluster survivor = survivor(a, b);
        Cluster absorbed = survivor == a ? b : a;
        for (Entry e : buffer) {
            if (e.cluster == absorbed) {
                e.cluster = survivor;
            }
        }
        survivor.absorb(absorbed);
        clusters.remove(absorbed.id);
        return survivor;
    }

    private static Cluster survivor(Cluster a, Cluster b) {
        if (a.candidateId != null || b.candidateId != null) {
            if (b.candidateId == null) {
                return a;
            }
            if (a.candidateId == null) {
                return b;
            }
            return candidateNumber(a.candidateId) <= candidateNumber(b.candidateId) ? a : b;
        }
        if (a.count != b.count) {
            return a.count > b.count ? a : b;
        }
        return a.id <= b.id ? a : b;
    }

    private static long candidateNumber(String candidateId) {
        return Long.parseLong(candidateId.substring(CANDIDATE_PREFIX.length()));
    }

    /** Batch DP-means over the whole buffer, then a greedy merge of close centres. */
    private void refit() {
        if (config.refitMethod() == DiscoveryConfig.RefitMethod.GLOBAL) {
            globalRefit();
            return;
        }
        sinceRefit = 0;
        double lambda = lambda();
        for (int pass = 0; pass < config.refitPasses(); pass++) {
            List<Cluster> targets = new ArrayList<>(clusters.values());
            List<double[]> frozen = new ArrayList<>(targets.size());
            for (Cluster c : targets) {
                frozen.add(c.centre.clone());
            }
            boolean moved = false;
            Cluster[] next = new Cluster[buffer.size()];
            for (int i = 0; i < buffer.size(); i++) {
                Entry e = buffer.get(i);
                int best = -1;
                double bestD = Double.POSITIVE_INFINITY;
                for (int k = 0; k < targets.size(); k++) {
                    double d = Vectors.squaredDistance(e.x, frozen.get(k));
                    if (d < bestD) {
                        bestD = d;
                        best = k;
                    }
                }
                Cluster target;
                if (best < 0 || bestD > lambda) {
                    target = newCluster();
                    targets.add(target);
                    frozen.add(toDouble(e.x));
                } else {
                    target = targets.get(best);
                }
                moved |= target != e.cluster;
                next[i] = target;
            }
            for (Cluster c : clusters.values()) {
                c.clear();
            }
            for (int i = 0; i < buffer.size(); i++) {
                Entry e = buffer.get(i);
                e.cluster = next[i];
                e.cluster.add(e.x);
            }
            clusters.values().removeIf(c -> c.count == 0);
            if (!moved) {
                break;
            }
        }
        mergeAll();
    }

    /**
     * Minimises the DP-means objective {@code SSE + lambda k} over the whole buffer globally rather
     * than greedily: for k = 1, 2, ... a seeded k-means++ centre is added to the (k-1)-solution and
     * Lloyd passes refine all centres; the k with the lowest objective wins. New clusters inherit
     * the identity (and candidate id) of the old cluster they share most members with.
     */
    private void globalRefit() {
        sinceRefit = 0;
        int n = buffer.size();
        if (n == 0) {
            return;
        }
        List<float[]> points = new ArrayList<>(n);
        for (Entry e : buffer) {
            points.add(e.x);
        }
        // a cluster below minSupport members never qualifies: no point trying more of them
        int maxClusters = Math.max(2, n / config.minSupport());
        DpMeansSearch.Result r =
                DpMeansSearch.fit(
                        points,
                        lambda(),
                        Math.min(maxClusters, 24),
                        config.refitPasses(),
                        config.seed() + recordsSeen * GOLDEN_GAMMA);
        adopt(r.assignment());
        mergeAll();
    }

    /** Replaces the clusters by the partition {@code assign}, keeping identities by overlap. */
    private void adopt(int[] assign) {
        int n = buffer.size();
        int groups = 0;
        for (int a : assign) {
            groups = Math.max(groups, a + 1);
        }
        // overlap[g] : old cluster -> shared members
        List<Map<Cluster, Integer>> overlap = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            overlap.add(new LinkedHashMap<>());
        }
        for (int i = 0; i < n; i++) {
            overlap.get(assign[i]).merge(buffer.get(i).cluster, 1, Integer::sum);
        }
        record Pair(int group, Cluster old, int shared) {}
        List<Pair> pairs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (Map.Entry<Cluster, Integer> e : overlap.get(g).entrySet()) {
                pairs.add(new Pair(g, e.getKey(), e.getValue()));
            }
        }
        // emitted candidates first, then by shared members: ids stay with the bulk of a cluster
        pairs.sort(
                Comparator.comparingInt((Pair p) -> p.old.candidateId == null ? 1 : 0)
                        .thenComparingInt(p -> -p.shared)
                        .thenComparingLong(p -> p.old.id)
                        .thenComparingInt(p -> p.group));
        Cluster[] target = new Cluster[groups];
        Set<Cluster> taken = new HashSet<>();
        for (Pair p : pairs) {
            if (target[p.group] == null && !taken.contains(p.old)) {
                target[p.group] = p.old;
                taken.add(p.old);
            }
        }
        for (int g = 0; g < groups; g++) {
            if (target[g] == null && !overlap.get(g).isEmpty()) {
                target[g] = newCluster();
            }
        }
        for (Cluster c : clusters.values()) {
            c.clear();
        }
        for (int i = 0; i < n; i++) {
            Entry e = buffer.get(i);
            e.cluster = target[assign[i]];
            e.cluster.add(e.x);
        }
        clusters.values().removeIf(c -> c.count == 0);
    }

    private void mergeAll() {
        double limit = config.mergeDistance() * known.spread();
        double limit2 = limit * limit;
        List<Cluster> order = new ArrayList<>(clusters.values());
        order.sort(Comparator.comparingInt((Cluster c) -> -c.count).thenComparingLong(c -> c.id));
        List<Cluster> kept = new ArrayList<>();
        for (Cluster c : order) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < kept.size(); k++) {
                double d = squaredDistance(kept.get(k).centre, c.centre);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            if (best >= 0 && bestD < limit2) {
                kept.set(best, merge(kept.get(best), c));
            } else {
                kept.add(c);
            }
        }
    }

    private boolean qualifies(Cluster c) {
        double spread = known.spread();
        return c.count >= config.minSupport()
                && c.rms() <= config.maxCompactness() * spread
                && nearestPrototype(c.centre).distance >= config.minSeparation() * spread;
    }

    private NovelClassCandidate emitIfQualifies(Cluster c) {
        if (c.candidateId != null || !clusters.containsKey(c.id) || !qualifies(c)) {
            return null;
        }
        candidatesEmitted++;
        c.candidateId = CANDIDATE_PREFIX + candidatesEmitted;
        return describe(c);
    }

    private NovelClassCandidate describe(Cluster c) {
        List<Entry> members = new ArrayList<>();
        List<Double> distances = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Entry e : buffer) {
            if (e.cluster == c) {
                members.add(e);
                distances.add(Vectors.squaredDistance(e.x, c.centre));
                first = Math.min(first, e.eventTime);
                last = Math.max(last, e.eventTime);
            }
        }
        Integer[] order = new Integer[members.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // stable: equally near members keep buffer order
        Arrays.sort(order, Comparator.comparingDouble(distances::get));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(order.length, config.memberSampleSize()); i++) {
            ids.add(members.get(order[i]).id);
        }
        Nearest n = nearestPrototype(c.centre);
        double spread = known.spread();
        return new NovelClassCandidate(
                c.candidateId,
                c.centre,
                ids,
                c.count,
                c.rms() / spread,
                n.distance / spread,
                n.label,
                first,
                last);
    }

    private record Nearest(String label, double distance) {}

    private Nearest nearestPrototype(double[] centre) {
        String label = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < prototypes.length; i++) {
            double d = squaredDistance(prototypes[i], centre);
            if (d < best) {
                best = d;
                label = prototypeLabels[i];
            }
        }
        return new Nearest(label, Math.sqrt(best));
    }

    private void rebuildPrototypes() {
        List<double[]> ps = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (List<ClassState> group : List.of(known.classes(), promoted)) {
            for (ClassState c : group) {
                for (PrototypeState p : c.prototypes()) {
                    ps.add(p.mean());
                    labels.add(c.label());
                }
            }
        }
        prototypes = ps.toArray(new double[0][]);
        prototypeLabels = labels.toArray(new String[0]);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** One buffered record. */
    private static final class Entry {
        final String id;
        final float[] x;
        final long eventTime;
        Cluster cluster;
        String label;

        Entry(String id, float[] x, long eventTime, Cluster cluster) {
            this.id = id;
            this.x = x;
            this.eventTime = eventTime;
            this.cluster = cluster;
        }
    }

    /** A cluster's identity and sufficient statistics; the centre is the members' mean. */
    private static final class Cluster {
        final long id;
        String candidateId;
        double[] sum;
        double sumSquares;
        int count;
        final double[] centre;

        Cluster(long id, int dimension) {
            this.id = id;
            this.sum = new double[dimension];
            this.centre = new double[dimension];
        }

        double distance2(float[] x) {
            return Vectors.squaredDistance(x, centre);
        }

        void add(float[] x) {
            double sq = 0.0;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
                sq += (double) x[i] * x[i];
            }
            sumSquares += sq;
            count++;
            refreshCentre();
        }

        void remove(float[] x) {
            double sq = 0.0;
            for (int i = 0; i < sum.length; i++) {
                sum[i] -= x[i];
                sq += (double) x[i] * x[i];
            }
            sumSquares -= sq;
            count--;
            refreshCentre();
        }

        void absorb(Cluster other) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.sum[i];
            }
            sumSquares += other.sumSquares;
            count += other.count;
            refreshCentre();
        }

        void clear() {
            Arrays.fill(sum, 0.0);
            sumSquares = 0.0;
            count = 0;
        }

        void refreshCentre() {
            for (int i = 0; i < sum.length; i++) {
                centre[i] = count == 0 ? 0.0 : sum[i] / count;
            }
        }

        /** Root mean squared distance of the members to the centre. */
        double rms() {
            double centreNorm2 = 0.0;
            for (double v : centre) {
                centreNorm2 += v * v;
            }
            double sse = sumSquares - count * centreNorm2;
            return count == 0 ? 0.0 : Math.sqrt(Math.max(0.0, sse) / count);
        }
    }
}
