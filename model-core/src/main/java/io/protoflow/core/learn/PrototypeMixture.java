package io.protoflow.core.learn;

import io.protoflow.core.learn.NearestClassMean.Metric;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mixture of up to K prototypes per class, learned online (after the multi-prototype ideas of
 * PALM and OnPro): a class that is several clusters in feature space, such as a digit written in
 * two styles, gets one prototype per cluster instead of a single mean that lies between them.
 *
 * <h2>Learning</h2>
 *
 * For an example x of class c, let d²ᵢ be its squared distance to each prototype pᵢ of c (squared
 * Euclidean, or for {@code metric=cosine} the squared distance between the unit vectors, {@code 2(1
 * − cos)}), and d²ₘᵢₙ the nearest.
 *
 * <ul>
 *   <li><b>Typical distance.</b> Each class keeps a running mean of d²ₘᵢₙ over its examples (all
 *       but the first); its square root is the class's typical distance δ_c, the usual distance of
 *       an example to its nearest prototype.
 *   <li><b>Spawn.</b> If d²ₘᵢₙ exceeds the spawn radius r_c² the example becomes a new prototype of
 *       weight 1. The radius is relative by default, {@code r_c = spawnFactor · δ_c} with δ_c
 *       computed before this example (no spawn while δ_c is unknown, i.e. on a class's second
 *       example), so it adapts to the scale of each class and of the data without tuning; an
 *       absolute {@code spawnRadius > 0} (in the same distance: Euclidean, or √(2(1 − cos)) for
 *       cosine) overrides it, for data whose scale is known. If the class already has K prototypes,
 *       its closest pair is merged first, so K is a hard bound (with K = 1 nothing spawns and the
 *       learner is exactly {@link NearestClassMean}).
 *   <li><b>Update.</b> Otherwise, {@code assignment=hard} moves the nearest prototype by a running
 *       weighted mean (weight + 1); {@code assignment=soft} gives every prototype the
 *       responsibility rᵢ ∝ exp(−d²ᵢ / temperature) (summing to 1) and moves it by rᵢ: weight + rᵢ,
 *       mean + rᵢ (x − mean) / weight. The temperature is in the units of d², so it depends on the
 *       scale of the data.
 *   <li><b>Merge close prototypes.</b> Then, while two prototypes of the class are closer than
 *       {@code mergeFactor · δ_c}, the closest pair is replaced by its weighted mean (weights add).
 * </ul>
 *
 * Every step keeps, per class, the sum of weights equal to the class count (exactly with hard
 * assignment, up to rounding with soft) and the weighted mean of the prototypes equal to the mean
 * of the class's examples (up to rounding): a spawned prototype adds (1, x), an update adds x to Σ
 * wᵢ pᵢ, and a merge of two prototypes preserves their total weight and weighted sum. Learning
 * costs O(K·d) for the distances plus O(K²·d) for the close-pair check.
 *
 * <h2>Prediction</h2>
 *
 * Each prototype has a similarity to the input: −d² ({@code euclidean}) or cosine ({@code cosine}).
 * The class score is the maximum over its prototypes ({@code classScore=max}) or the weighted
 * log-sum-exp {@code temperature · log Σ πᵢ exp(sᵢ / temperature)} with πᵢ = wᵢ / Σ w ({@code
 * classScore=lse}; never above the maximum, equal to it for a single prototype). Classes are ranked
 * best first; equal scores keep the classes' first-appearance order. With {@link
 * FewShotCalibration} enabled, the prototypes of classes with fewer than {@code fewShotThreshold}
 * examples are calibrated at prediction time, each prototype against the class means (weighted
 * means of the prototypes) of the classes with at least that many examples (a view; the state is
 * unchanged).
 *
 * <h2>Merge</h2>
 *
 * {@link #merge} forms, per class, the union of both learners' prototypes (this learner's first),
 * adds counts and the typical-distance statistics, then merges closest pairs while the class has
 * more than K prototypes or two closer than {@code mergeFactor · δ_c}. It preserves exactly what
 * learning preserves: per-class counts and example totals are exact, and the weighted mean of each
 * class's prototypes equals the mean of all its examples, in either learner, up to floating-point
 * rounding — so these are independent of how the stream was partitioned and of the merge order. The
 * prototypes themselves are a greedy summary and depend on partition and order ((a+b)+c may keep
 * different prototypes than a+(b+c)), as does the typical distance (each partition measures it
 * against its own prototypes). The merged model is deterministic for given operands and order.
 *
 * <h2>Parameters</h2>
 *
 * Type name {@code "prototype-mixture"}; parameters and defaults: {@code metric=euclidean}, {@code
 * maxPrototypes=4}, {@code assignment=hard}, {@code temperature=1.0}, {@code spawnFactor=1.25},
 * {@code spawnRadius=0} (0 = relative radius), {@code mergeFactor=0.5}, {@code classScore=max}, and
 * the {@link FewShotCalibration} keys {@code fewShotThreshold=5}, {@code calibrationAlpha=0.5},
 * {@code calibrationTemperature=16.0} (set {@code fewShotThreshold=0} to switch calibration off).
 * The spawn factor is small because distances concentrate in high dimension: an example 25% farther
 * from its nearest prototype than usual is already far out (on the bundled digits, 64-d, factors
 * 1.0 to 1.25 fill K = 4 prototypes per class, 2.0 almost never spawns). Snapshots also carry the
 * per-class typical-distance statistics as parameters {@code state.distance.<class index>} = {@code
 * <observations>:<sum of d²>}, so that a restored learner continues to learn exactly as the
 * original.
 */
public final class PrototypeMixture implements Learner {

    /** The type name under which {@link Learners} knows this learner. */
    public static final String TYPE = "prototype-mixture";

    /** Parameter key of {@link Config#metric()}. */
    public static final String PARAM_METRIC = NearestClassMean.PARAM_METRIC;

    /** Parameter key of {@link Config#maxPrototypes()}. */
    public static final String PARAM_MAX_PROTOTYPES = "maxPrototypes";

    /** Parameter key of {@link Config#assignment()}. */
    public static final String PARAM_ASSIGNMENT = "assignment";

    /** Parameter key of {@link Config#temperature()}. */
    public static final String PARAM_TEMPERATURE = "temperature";

    /** Parameter key of {@link Config#spawnFactor()}. */
    public static final String PARAM_SPAWN_FACTOR = "spawnFactor";

    /** Parameter key of {@link Config#spawnRadius()}. */
    public static final String PARAM_SPAWN_RADIUS = "spawnRadius";

    /** Parameter key of {@link Config#mergeFactor()}. */
    public static final String PARAM_MERGE_FACTOR = "mergeFactor";

    /** Parameter key of {@link Config#classScore()}. */
    public static final String PARAM_CLASS_SCORE = "classScore";

    /** Default {@code fewShotThreshold}: classes with fewer than 5 examples are calibrated. */
    public static final int DEFAULT_FEW_SHOT_THRESHOLD = 5;

    /** Prefix of the snapshot parameters that carry per-class learning statistics. */
    static final String STATE_DISTANCE_PREFIX = "state.distance.";

    private static final List<String> CONFIG_KEYS =
            List.of(
                    PARAM_METRIC,
                    PARAM_MAX_PROTOTYPES,
                    PARAM_ASSIGNMENT,
                    PARAM_TEMPERATURE,
                    PARAM_SPAWN_FACTOR,
                    PARAM_SPAWN_RADIUS,
                    PARAM_MERGE_FACTOR,
                    PARAM_CLASS_SCORE,
                    FewShotCalibration.PARAM_THRESHOLD,
                    FewShotCalibration.PARAM_ALPHA,
                    FewShotCalibration.PARAM_TEMPERATURE);

    /** How an example updates the prototypes of its class when it does not spawn a new one. */
    public enum Assignment {
        /** Only the nearest prototype moves, by a running weighted mean. */
        HARD,
        /** Every prototype moves by its responsibility ∝ exp(−d² / temperature). */
        SOFT
    }

    /** How the similarities of a class's prototypes combine into the class score. */
    public enum ClassScore {
        /** The best prototype's similarity. */
        MAX,
        /**
         * {@code temperature · log Σ πᵢ exp(sᵢ / temperature)} with πᵢ the prototype's share of the
         * class weight: a smooth maximum that, unlike an unweighted sum, gives no bonus to classes
         * with more prototypes.
         */
        LSE
    }

    /**
     * The settings of a prototype mixture, validated on construction; errors name the parameter and
     * the value.
     *
     * @param metric how inputs and prototypes are compared
     * @param maxPrototypes K, the most prototypes a class keeps, >= 1
     * @param assignment hard or soft update
     * @param temperature scale of d² for soft responsibilities and {@code lse} scores, > 0
     * @param spawnFactor relative spawn radius, in typical distances, > 0
     * @param spawnRadius absolute spawn radius, >= 0; 0 selects the relative radius
     * @param mergeFactor prototypes closer than this many typical distances merge, >= 0
     * @param classScore how prototype similarities combine into a class score
     * @param calibration few-shot calibration applied at prediction time
     */
    public record Config(
            Metric metric,
            int maxPrototypes,
            Assignment assignment,
            double temperature,
            double spawnFactor,
            double spawnRadius,
            double mergeFactor,
            ClassScore classScore,
            FewShotCalibration calibration) {

        /** The defaults listed in the class documentation. */
        public static final Config DEFAULTS =
                new Config(
                        Metric.EUCLIDEAN,
                        4,
                        Assignment.HARD,
                        1.0,
                        1.25,
                        0.0,
                        0.5,
                        ClassScore.MAX,
                        new FewShotCalibration(
                                DEFAULT_FEW_SHOT_THRESHOLD,
                                FewShotCalibration.DEFAULT_ALPHA,
                                FewShotCalibration.DEFAULT_TEMPERATURE));

        public Config {
            if (metric == null || assignment == null || classScore == null || calibration == null) {
                throw new IllegalArgumentException(
                        "metric, assignment, classScore and calibration must not be null");
            }
            if (maxPrototypes < 1) {
                throw new IllegalArgumentException(
                        "parameter "
                                + PARAM_MAX_PROTOTYPES
                                + " must be >= 1, got "
                                + maxPrototypes);
            }
            requirePositive(PARAM_TEMPERATURE, temperature);
            requirePositive(PARAM_SPAWN_FACTOR, spawnFactor);
            requireNonNegative(PARAM_SPAWN_RADIUS, spawnRadius);
            requireNonNegative(PARAM_MERGE_FACTOR, mergeFactor);
        }

        /**
         * Reads learner parameters; absent keys take the {@link #DEFAULTS}.
         *
         * @throws IllegalArgumentException on an unknown key or an invalid value, naming both
         */
        public static Config fromParams(Map<String, String> params) {
            if (params == null) {
                throw new IllegalArgumentException("params is null");
            }
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!CONFIG_KEYS.contains(e.getKey())) {
                    throw new IllegalArgumentException(
                            "unknown parameter '"
                                    + e.getKey()
                                    + "' (value '"
                                    + e.getValue()
                                    + "') for learner type "
                                    + TYPE
                                    + ", known parameters: "
                                    + CONFIG_KEYS);
                }
            }
            Config d = DEFAULTS;
            String metric = params.get(PARAM_METRIC);
            String k = params.get(PARAM_MAX_PROTOTYPES);
            String assignment = params.get(PARAM_ASSIGNMENT);
            String temperature = params.get(PARAM_TEMPERATURE);
            String spawnFactor = params.get(PARAM_SPAWN_FACTOR);
            String spawnRadius = params.get(PARAM_SPAWN_RADIUS);
            String mergeFactor = params.get(PARAM_MERGE_FACTOR);
            String classScore = params.get(PARAM_CLASS_SCORE);
            return new Config(
                    metric == null ? d.metric : Metric.fromParam(metric),
                    k == null ? d.maxPrototypes : LearnerParams.parseInt(PARAM_MAX_PROTOTYPES, k),
                    assignment == null
                            ? d.assignment
                            : LearnerParams.parseEnum(
                                    PARAM_ASSIGNMENT, assignment, Assignment.class),
                    temperature == null
                            ? d.temperature
                            : LearnerParams.parseDouble(PARAM_TEMPERATURE, temperature),
                    spawnFactor == null
                            ? d.spawnFactor
                            : LearnerParams.parseDouble(PARAM_SPAWN_FACTOR, spawnFactor),
                    spawnRadius == null
                            ? d.spawnRadius
                            : LearnerParams.parseDouble(PARAM_SPAWN_RADIUS, spawnRadius),
                    mergeFactor == null
                            ? d.mergeFactor
                            : LearnerParams.parseDouble(PARAM_MERGE_FACTOR, mergeFactor),
                    classScore == null
                            ? d.classScore
                            : LearnerParams.parseEnum(
                                    PARAM_CLASS_SCORE, classScore, ClassScore.class),
                    FewShotCalibration.fromParams(params, d.calibration.threshold()));
        }

        /** These settings as learner parameters: every key, in a fixed order. */
        public Map<String, String> toParams() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put(PARAM_METRIC, metric.paramValue());
            p.put(PARAM_MAX_PROTOTYPES, Integer.toString(maxPrototypes));
            p.put(PARAM_ASSIGNMENT, LearnerParams.paramValue(assignment));
            p.put(PARAM_TEMPERATURE, Double.toString(temperature));
            p.put(PARAM_SPAWN_FACTOR, Double.toString(spawnFactor));
            p.put(PARAM_SPAWN_RADIUS, Double.toString(spawnRadius));
            p.put(PARAM_MERGE_FACTOR, Double.toString(mergeFactor));
            p.put(PARAM_CLASS_SCORE, LearnerParams.paramValue(classScore));
            p.putAll(calibration.toParams());
            return p;
        }

        private static void requirePositive(String key, double v) {
            if (!(v > 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        "parameter " + key + " must be finite and > 0, got " + v);
            }
        }

        private static void requireNonNegative(String key, double v) {
            if (!(v >= 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        "parameter " + key + " must be finite and >= 0, got " + v);
            }
        }
    }

    private final int dimension;
    private final Config config;
    private final Map<String, ClassModel> models = new LinkedHashMap<>();
    private long examplesSeen;

    /** Calibrated prototypes of few-shot classes; null when stale. */
    private Map<String, List<Prototype>> calibrated;

    /**
     * Creates an empty learner.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or {@code config} is null
     */
    public PrototypeMixture(int dimension, Config config) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.dimension = dimension;
        this.config = config;
    }

    /**
     * Creates an empty learner from parameters, as {@link Learners#create} does.
     *
     * @throws IllegalArgumentException on an invalid dimension, an unknown key or an invalid value
     */
    public static PrototypeMixture create(int dimension, Map<String, String> params) {
        return new PrototypeMixture(dimension, Config.fromParams(params));
    }

    /**
     * Rebuilds a learner from its snapshot. Each class must have a count >= 1, between 1 and K
     * prototypes of positive weight and the state's dimension, and its distance statistics.
     *
     * @throws IllegalArgumentException if the state is not a valid {@code prototype-mixture} state
     */
    public static PrototypeMixture restore(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        if (!TYPE.equals(state.learnerType())) {
            throw new IllegalArgumentException(
                    "learnerType is '" + state.learnerType() + "', expected '" + TYPE + "'");
        }
        Map<String, String> configParams = new LinkedHashMap<>();
        Map<String, String> stats = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : state.params().entrySet()) {
            if (e.getKey().startsWith(STATE_DISTANCE_PREFIX)) {
                stats.put(e.getKey(), e.getValue());
            } else {
                configParams.put(e.getKey(), e.getValue());
            }
        }
        PrototypeMixture m = create(state.dimension(), configParams);
        List<ClassState> classes = state.classes();
        for (int ci = 0; ci < classes.size(); ci++) {
            ClassState c = classes.get(ci);
            String label = c.label();
            if (c.count() < 1) {
                throw new IllegalArgumentException(
                        "class '" + label + "' count must be >= 1, got " + c.count());
            }
            int n = c.prototypes().size();
            if (n < 1 || n > m.config.maxPrototypes) {
                throw new IllegalArgumentException(
                        "class '"
                                + label
                                + "' has "
                                + n
                                + " prototypes, "
                                + TYPE
                                + " with maxPrototypes="
                                + m.config.maxPrototypes
                                + " expects 1 to "
                                + m.config.maxPrototypes);
            }
            ClassModel model = new ClassModel();
            model.count = c.count();
            for (PrototypeState p : c.prototypes()) {
                if (p.dimension() != state.dimension()) {
                    throw new IllegalArgumentException(
                            "class '"
                                    + label
                                    + "' prototype has dimension "
                                    + p.dimension()
                                    + ", state has "
                                    + state.dimension());
                }
                if (!(p.weight() > 0.0)) {
                    throw new IllegalArgumentException(
                            "class '"
                                    + label
                                    + "' prototype weight must be > 0, got "
                                    + p.weight());
                }
                model.prototypes.add(new Prototype(p.weight(), p.mean()));
            }
            String key = STATE_DISTANCE_PREFIX + ci;
            String value = stats.remove(key);
            if (value == null) {
                throw new IllegalArgumentException(
                        "class '" + label + "' has no distance statistics (parameter " + key + ")");
            }
            model.parseDistanceStats(key, value);
            m.models.put(label, model);
            m.examplesSeen += model.count;
        }
        if (!stats.isEmpty()) {
            throw new IllegalArgumentException(
                    "distance statistics "
                            + stats.keySet()
                            + " name no class (state has "
                            + classes.size()
                            + " classes)");
        }
        return m;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The settings of this learner. */
    public Config config() {
        return config;
    }

    /** The complete parameters of this learner, as {@link Learners#create} accepts them. */
    public Map<String, String> params() {
        return config.toParams();
    }

    @Override
    public void learn(float[] features, String label) {
        Vectors.requireValid(features, dimension);
        Learners.requireValidLabel(label);
        calibrated = null;
        examplesSeen++;
        ClassModel c = models.get(label);
        if (c == null) {
            c = new ClassModel();
            c.count = 1;
            c.prototypes.add(new Prototype(1.0, toDouble(features)));
            models.put(label, c);
            return;
        }
        List<Prototype> protos = c.prototypes;
        double xNorm = config.metric == Metric.COSINE ? Vectors.norm(features) : 0.0;
        double[] d2 = new double[protos.size()];
        int nearest = 0;
        for (int i = 0; i < d2.length; i++) {
            d2[i] = squaredDistance(features, xNorm, protos.get(i));
            if (d2[i] < d2[nearest]) {
                nearest = i;
            }
        }
        double d2min = d2[nearest];
        boolean spawn = config.maxPrototypes > 1 && d2min > spawnRadiusSquared(c);
        c.count++;
        c.distanceObservations++;
        c.distanceSumSq += d2min;
        if (spawn) {
            reduce(c, config.maxPrototypes - 1, 0.0);
            protos.add(new Prototype(1.0, toDouble(features)));
        } else if (config.assignment == Assignment.HARD || protos.size() == 1) {
            protos.get(nearest).add(features, 1.0);
        } else {
            double sum = 0.0;
            double[] r = new double[d2.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.exp(-(d2[i] - d2min) / config.temperature);
                sum += r[i];
            }
            for (int i = 0; i < r.length; i++) {
                if (r[i] > 0.0) {
                    protos.get(i).add(features, r[i] / sum);
                }
            }
        }
        reduce(c, config.maxPrototypes, mergeRadiusSquared(c));
    }

    @Override
    public Prediction predict(float[] features) {
        Vectors.requireValid(features, dimension);
        if (models.isEmpty()) {
            return Prediction.empty();
        }
        Map<String, List<Prototype>> view = calibratedView();
        double xNorm = config.metric == Metric.COSINE ? Vectors.norm(features) : 0.0;
        List<ScoredLabel> scored = new ArrayList<>(models.size());
        for (Map.Entry<String, ClassModel> e : models.entrySet()) {
            List<Prototype> protos = view.get(e.getKey());
            if (protos == null) {
                protos = e.getValue().prototypes;
            }
            double best = Double.NEGATIVE_INFINITY;
            double[] s = new double[protos.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = similarity(features, xNorm, protos.get(i));
                best = Math.max(best, s[i]);
            }
            double score = best;
            if (config.classScore == ClassScore.LSE && s.length > 1) {
                double sum = 0.0;
                double total = 0.0;
                for (int i = 0; i < s.length; i++) {
                    double w = protos.get(i).weight;
                    sum += w * Math.exp((s[i] - best) / config.temperature);
                    total += w;
                }
                score = best + config.temperature * Math.log(sum / total);
            }
            scored.add(new ScoredLabel(e.getKey(), score));
        }
        // stable sort: equal scores keep first-appearance order
        scored.sort((a, b) -> Double.compare(b.score(), a.score()));
        return new Prediction(scored);
    }

    @Override
    public List<String> classes() {
        return List.copyOf(models.keySet());
    }

    @Override
    public long count(String label) {
        ClassModel c = models.get(label);
        return c == null ? 0 : c.count;
    }

    @Override
    public long examplesSeen() {
        return examplesSeen;
    }

    /**
     * The prototypes of a class (copies), in their stored order.
     *
     * @throws IllegalArgumentException if the class is unknown
     */
    public List<PrototypeState> prototypes(String label) {
        return requireClass(label).prototypes.stream()
                .map(p -> new PrototypeState(p.weight, p.mean))
                .toList();
    }

    /**
     * The weighted mean of a class's prototypes, Σ wᵢ pᵢ / Σ wᵢ: the mean of the class's examples
     * up to rounding.
     *
     * @throws IllegalArgumentException if the class is unknown
     */
    public double[] classMean(String label) {
        return requireClass(label).weightedMean(dimension);
    }

    /**
     * The class's typical distance δ_c (root mean of the squared nearest-prototype distances seen
     * when learning), or NaN before the class's second example.
     *
     * @throws IllegalArgumentException if the class is unknown
     */
    public double typicalDistance(String label) {
        ClassModel c = requireClass(label);
        return c.distanceObservations == 0
                ? Double.NaN
                : Math.sqrt(c.distanceSumSq / c.distanceObservations);
    }

    /**
     * Folds the other mixture into this one (see the class documentation for what is preserved).
     * Classes new to this learner are appended in the other's order.
     *
     * @throws IllegalArgumentException if the other learner's type, dimension or parameters differ
     */
    @Override
    public void merge(Learner other) {
        PrototypeMixture o = MergeChecks.sameTypeAndDimension(this, other, PrototypeMixture.class);
        MergeChecks.sameParams(o.config.equals(config), o.params(), params());
        // copy first so that merging a learner into itself is well defined
        List<Map.Entry<String, ClassModel>> incoming = new ArrayList<>(o.models.size());
        for (Map.Entry<String, ClassModel> e : o.models.entrySet()) {
            incoming.add(Map.entry(e.getKey(), e.getValue().copy()));
        }
        long incomingSeen = o.examplesSeen;
        for (Map.Entry<String, ClassModel> e : incoming) {
            ClassModel mine = models.get(e.getKey());
            if (mine == null) {
                models.put(e.getKey(), e.getValue());
            } else {
                ClassModel theirs = e.getValue();
                mine.count += theirs.count;
                mine.distanceObservations += theirs.distanceObservations;
                mine.distanceSumSq += theirs.distanceSumSq;
                mine.prototypes.addAll(theirs.prototypes);
                reduce(mine, config.maxPrototypes, mergeRadiusSquared(mine));
            }
        }
        examplesSeen += incomingSeen;
        calibrated = null;
    }

    @Override
    public LearnerState snapshot() {
        Map<String, String> params = params();
        List<ClassState> classes = new ArrayList<>(models.size());
        int ci = 0;
        for (Map.Entry<String, ClassModel> e : models.entrySet()) {
            ClassModel c = e.getValue();
            List<PrototypeState> protos = new ArrayList<>(c.prototypes.size());
            for (Prototype p : c.prototypes) {
                protos.add(new PrototypeState(p.weight, p.mean));
            }
            classes.add(new ClassState(e.getKey(), c.count, protos));
            params.put(
                    STATE_DISTANCE_PREFIX + ci,
                    c.distanceObservations + ":" + Double.toString(c.distanceSumSq));
            ci++;
        }
        return new LearnerState(TYPE, dimension, params, classes);
    }

    @Override
    public String toString() {
        int prototypes = models.values().stream().mapToInt(c -> c.prototypes.size()).sum();
        return "PrototypeMixture[dimension="
                + dimension
                + ", params="
                + params()
                + ", classes="
                + models.size()
                + ", prototypes="
                + prototypes
                + ", examplesSeen="
                + examplesSeen
                + "]";
    }

    private ClassModel requireClass(String label) {
        ClassModel c = models.get(label);
        if (c == null) {
            throw new IllegalArgumentException("unknown class '" + label + "'");
        }
        return c;
    }

    /** r_c²: absolute radius if set; else spawnFactor² δ_c², or +∞ while δ_c is unknown. */
    private double spawnRadiusSquared(ClassModel c) {
        if (config.spawnRadius > 0.0) {
            return config.spawnRadius * config.spawnRadius;
        }
        if (c.distanceObservations == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return config.spawnFactor * config.spawnFactor * c.distanceSumSq / c.distanceObservations;
    }

    /** (mergeFactor δ_c)², 0 while δ_c is unknown. */
    private double mergeRadiusSquared(ClassModel c) {
        if (c.distanceObservations == 0) {
            return 0.0;
        }
        return config.mergeFactor * config.mergeFactor * c.distanceSumSq / c.distanceObservations;
    }

    /**
     * Merges the closest pair of prototypes (first pair in index order on ties; the merged one
     * takes the lower index) while there are more than {@code bound} prototypes or two closer than
     * {@code radiusSquared}; never below one prototype.
     */
    private void reduce(ClassModel c, int bound, double radiusSquared) {
        List<Prototype> protos = c.prototypes;
        while (protos.size() > 1) {
            int bi = -1;
            int bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < protos.size(); i++) {
                for (int j = i + 1; j < protos.size(); j++) {
                    double d = squaredDistance(protos.get(i), protos.get(j));
                    if (d < best) {
                        best = d;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (protos.size() <= bound && !(best < radiusSquared)) {
                return;
            }
            if (bi < 0) { // all distances NaN cannot happen with finite means; be safe
                bi = 0;
                bj = 1;
            }
            protos.get(bi).absorb(protos.remove(bj));
        }
    }

    /** The few-shot classes' calibrated prototypes, computed once per state change. */
    private Map<String, List<Prototype>> calibratedView() {
        if (calibrated != null) {
            return calibrated;
        }
        FewShotCalibration cal = config.calibration;
        Map<String, List<Prototype>> view = new LinkedHashMap<>();
        if (cal.enabled()) {
            List<double[]> baseMeans = new ArrayList<>();
            for (ClassModel c : models.values()) {
                if (!cal.isFewShot(c.count)) {
                    baseMeans.add(c.weightedMean(dimension));
                }
            }
            if (!baseMeans.isEmpty()) {
                double[] baseNorms = new double[baseMeans.size()];
                for (int b = 0; b < baseNorms.length; b++) {
                    baseNorms[b] = Vectors.norm(baseMeans.get(b));
                }
                for (Map.Entry<String, ClassModel> e : models.entrySet()) {
                    ClassModel c = e.getValue();
                    if (cal.isFewShot(c.count)) {
                        List<Prototype> protos = new ArrayList<>(c.prototypes.size());
                        for (Prototype p : c.prototypes) {
                            protos.add(
                                    new Prototype(
                                            p.weight, cal.calibrate(p.mean, baseMeans, baseNorms)));
                        }
                        view.put(e.getKey(), protos);
                    }
                }
            }
        }
        calibrated = view;
        return view;
    }

    /** Squared distance of an input to a prototype in this learner's metric. */
    private double squaredDistance(float[] x, double xNorm, Prototype p) {
        return switch (config.metric) {
            case EUCLIDEAN -> Vectors.squaredDistance(x, p.mean);
            case COSINE -> 2.0 * (1.0 - cosine(Vectors.dot(x, p.mean), xNorm, p.norm()));
        };
    }

    /** Similarity of an input to a prototype: −d² or cosine; +0.0 for an exact euclidean match. */
    private double similarity(float[] x, double xNorm, Prototype p) {
        return switch (config.metric) {
            case EUCLIDEAN -> 0.0 - Vectors.squaredDistance(x, p.mean);
            case COSINE -> cosine(Vectors.dot(x, p.mean), xNorm, p.norm());
        };
    }

    /** Squared distance between two prototypes in this learner's metric. */
    private double squaredDistance(Prototype a, Prototype b) {
        return switch (config.metric) {
            case EUCLIDEAN -> {
                double sum = 0.0;
                for (int i = 0; i < a.mean.length; i++) {
                    double d = a.mean[i] - b.mean[i];
                    sum += d * d;
                }
                yield sum;
            }
            case COSINE -> {
                double dot = 0.0;
                for (int i = 0; i < a.mean.length; i++) {
                    dot += a.mean[i] * b.mean[i];
                }
                yield 2.0 * (1.0 - cosine(dot, a.norm(), b.norm()));
            }
        };
    }

    /** Cosine from a dot product and two norms; 0 when either vector is zero. */
    private static double cosine(double dot, double normA, double normB) {
        double denominator = normA * normB;
        return denominator == 0.0 ? 0.0 : dot / denominator;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** One class: count, prototypes and the running statistics of nearest-prototype distances. */
    private static final class ClassModel {
        long count;
        long distanceObservations;
        double distanceSumSq;
        final List<Prototype> prototypes = new ArrayList<>();

        double[] weightedMean(int dimension) {
            double[] sum = new double[dimension];
            double total = 0.0;
            for (Prototype p : prototypes) {
                total += p.weight;
                for (int i = 0; i < dimension; i++) {
                    sum[i] += p.weight * p.mean[i];
                }
            }
            for (int i = 0; i < dimension; i++) {
                sum[i] /= total;
            }
            return sum;
        }

        void parseDistanceStats(String key, String value) {
            int colon = value.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException("no ':'");
                }
                distanceObservations = Long.parseLong(value.substring(0, colon));
                distanceSumSq = Double.parseDouble(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected <observations>:<sum of squared distances>",
                        e);
            }
            if (distanceObservations < 0
                    || !(distanceSumSq >= 0.0)
                    || Double.isInfinite(distanceSumSq)) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected observations >= 0 and a finite sum >= 0");
            }
        }

        ClassModel copy() {
            ClassModel c = new ClassModel();
            c.count = count;
            c.distanceObservations = distanceObservations;
            c.distanceSumSq = distanceSumSq;
            for (Prototype p : prototypes) {
                c.prototypes.add(new Prototype(p.weight, p.mean.clone()));
            }
            return c;
        }
    }

    /** A weighted running mean; the norm is cached for cosine. */
    private static final class Prototype {
        double weight;
        final double[] mean;
        double norm = Double.NaN;

        Prototype(double weight, double[] mean) {
            this.weight = weight;
            this.mean = mean;
        }

        /** Adds {@code x} with weight {@code r}: weight + r, mean + r (x − mean) / weight. */
        void add(float[] x, double r) {
            weight += r;
            for (int i = 0; i < mean.length; i++) {
                // r * (...) / weight, not (r / weight) * (...): with r = 1 this is bit-identical
                // to the class-mean update of NearestClassMean
                mean[i] += r * (x[i] - mean[i]) / weight;
            }
            norm = Double.NaN;
        }

        /** Becomes the weighted mean of itself and {@code other}. */
        void absorb(Prototype other) {
            double w1 = weight;
            double w2 = other.weight;
            double w = w1 + w2;
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (w1 * mean[i] + w2 * other.mean[i]) / w;
            }
            weight = w;
            norm = Double.NaN;
        }

        double norm() {
            if (Double.isNaN(norm)) {
                norm = Vectors.norm(mean);
            }
            return norm;
        }
    }
}
