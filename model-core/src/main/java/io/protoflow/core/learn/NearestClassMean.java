package io.protoflow.core.learn;

import io.protoflow.core.linalg.Kernels;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nearest class mean classifier: keeps one streaming mean per class (count and running mean in
 * double precision) and ranks classes by closeness of the input to each mean. It is the simplest
 * prototype learner and a strong baseline for class-incremental streams: new classes can arrive at
 * any time, learning is O(d), nothing is forgotten, and two learners trained on disjoint parts of a
 * stream merge exactly into the learner of the whole stream.
 *
 * <p>Type name {@code "ncm"}; parameter {@code metric} = {@code euclidean} (default) or {@code
 * cosine}. Ties are broken by first-appearance order of the classes, so rankings are deterministic.
 * The {@link FewShotCalibration} parameters ({@code fewShotThreshold}, default 0 = off) calibrate
 * the means of classes with few examples at prediction time; the stored means are not changed.
 */
public final class NearestClassMean implements Learner {

    /** The type name under which {@link Learners} knows this learner. */
    public static final String TYPE = "ncm";

    private static final Kernels K = Kernels.get();

    /** The parameter key selecting the {@link Metric}. */
    public static final String PARAM_METRIC = "metric";

    /** How an input is compared with a class mean. */
    public enum Metric {
        /** Score is the negative squared Euclidean distance to the mean. */
        EUCLIDEAN,
        /** Score is the cosine similarity with the mean; 0 when either vector is zero. */
        COSINE;

        /** The parameter value naming this metric, e.g. {@code "euclidean"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a parameter value ({@code "euclidean"} or {@code "cosine"}, case-insensitive).
         *
         * @throws IllegalArgumentException naming the value and the accepted ones
         */
        public static Metric fromParam(String value) {
            for (Metric m : values()) {
                if (m.paramValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "parameter "
                            + PARAM_METRIC
                            + " has invalid value '"
                            + value
                            + "', expected one of "
                            + Arrays.stream(values()).map(Metric::paramValue).toList());
        }
    }

    private final int dimension;
    private final Metric metric;
    private final FewShotCalibration calibration;
    private final Map<String, ClassMean> means = new LinkedHashMap<>();
    private long examplesSeen;

    /**
     * Float mirror of the means, one row of {@code dimension} per class in first-appearance order:
     * prediction streams over it with float kernels (twice the lanes of double, no widening), while
     * the double means stay the exact state that merges and snapshots use.
     */
    private float[] rows = new float[0];

    /** Classes by row index; {@code labels[r]} is the label of row r. */
    private ClassMean[] byRow = new ClassMean[0];

    private String[] labels = new String[0];
    private double[] scores = new double[0];

    /** Calibrated means of few-shot classes; null when stale. */
    private Map<String, ClassMean> calibrated;

    /** Float rows of the calibrated few-shot classes, by row index (null entries: uncalibrated). */
    private float[][] calibratedRows;

    /**
     * Creates an empty learner.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or {@code metric} is null
     */
    public NearestClassMean(int dimension, Metric metric) {
        this(dimension, metric, FewShotCalibration.DISABLED);
    }

    /**
     * Creates an empty learner whose few-shot classes are calibrated at prediction time.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or an argument is null
     */
    public NearestClassMean(int dimension, Metric metric, FewShotCalibration calibration) {
        if (calibration == null) {
            throw new IllegalArgumentException("calibration is null");
        }
        this.calibration = calibration;
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric is null");
        }
        this.dimension = dimension;
        this.metric = metric;
    }

    /**
     * Rebuilds a learner from its snapshot: each class must carry exactly one prototype whose
     * weight equals the class count.
     *
     * @throws IllegalArgumentException if the state is not a valid {@code ncm} state
     */
    public static NearestClassMean restore(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        if (!TYPE.equals(state.learnerType())) {
            throw new IllegalArgumentException(
                    "learnerType is '" + state.learnerType() + "', expected '" + TYPE + "'");
        }
        NearestClassMean ncm = create(state.dimension(), state.params());
        for (ClassState c : state.classes()) {
            if (c.prototypes().size() != 1) {
                throw new IllegalArgumentException(
                        "class '"
                                + c.label()
                                + "' has "
                                + c.prototypes().size()
                                + " prototypes, "
                                + TYPE
                                + " expects exactly 1");
            }
            if (c.count() < 1) {
                throw new IllegalArgumentException(
                        "class '" + c.label() + "' count must be >= 1, got " + c.count());
            }
            PrototypeState p = c.prototypes().get(0);
            if (p.weight() != (double) c.count()) {
                throw new IllegalArgumentException(
                        "class '"
                                + c.label()
                                + "' prototype weight "
                                + p.weight()
                                + " differs from its count "
                                + c.count());
            }
            double[] mean = p.mean();
            if (mean.length != state.dimension()) {
                throw new IllegalArgumentException(
                        "class '"
                                + c.label()
                                + "' mean has dimension "
                                + mean.length
                                + ", state has "
                                + state.dimension());
            }
            ncm.addClass(c.label(), c.count(), mean);
            ncm.examplesSeen += c.count();
        }
        return ncm;
    }

    /**
     * Creates an empty learner from parameters, as {@link Learners#create} does.
     *
     * @throws IllegalArgumentException on an invalid dimension, an unknown key or an invalid value
     */
    public static NearestClassMean create(int dimension, Map<String, String> params) {
        return new NearestClassMean(
                dimension, parseParams(params), FewShotCalibration.fromParams(params, 0));
    }

    /**
     * Reads the metric from learner parameters; absent means {@link Metric#EUCLIDEAN}. The {@link
     * FewShotCalibration} keys are accepted and left to {@link FewShotCalibration#fromParams}.
     *
     * @throws IllegalArgumentException on an unknown key or an invalid value
     */
    static Metric parseParams(Map<String, String> params) {
        Metric metric = Metric.EUCLIDEAN;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (PARAM_METRIC.equals(e.getKey())) {
                metric = Metric.fromParam(e.getValue());
            } else if (!FewShotCalibration.PARAM_KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown parameter '"
                                + e.getKey()
                                + "' (value '"
                                + e.getValue()
                                + "') for learner type "
                                + TYPE
                                + ", known parameters: ["
                                + PARAM_METRIC
                                + ", "
                                + FewShotCalibration.PARAM_THRESHOLD
                                + ", "
                                + FewShotCalibration.PARAM_ALPHA
                                + ", "
                                + FewShotCalibration.PARAM_TEMPERATURE
                                + "]");
            }
        }
        return metric;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The metric used to score classes. */
    public Metric metric() {
        return metric;
    }

    /** The few-shot calibration applied at prediction time ({@code DISABLED} by default). */
    public FewShotCalibration calibration() {
        return calibration;
    }

    /**
     * The complete parameters of this learner, as {@link Learners#create} accepts them; the
     * calibration keys appear only when calibration is enabled.
     */
    public Map<String, String> params() {
        if (!calibration.enabled()) {
            return Map.of(PARAM_METRIC, metric.paramValue());
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put(PARAM_METRIC, metric.paramValue());
        params.putAll(calibration.toParams());
        return params;
    }

    @Override
    public void learn(float[] features, String label) {
        Vectors.requireValid(features, dimension);
        Learners.requireValidLabel(label);
        calibrated = null;
        ClassMean cm = means.get(label);
        if (cm == null) {
            addClass(label, 1, toDouble(features));
        } else {
            cm.add(features, rows);
        }
        examplesSeen++;
    }

    @Override
    public Prediction predict(float[] features) {
        return predict(features, Integer.MAX_VALUE);
    }

    /**
     * Scores every class against the float mirror of its mean (squared distances and dot products
     * accumulated in float: within a relative {@code ~d * 2^-24} of the double computation, which
     * only matters for near ties), then keeps the best {@code k}.
     */
    @Override
    public Prediction predict(float[] features, int k) {
        Vectors.requireValid(features, dimension);
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = means.size();
        if (n == 0) {
            return Prediction.empty();
        }
        float[][] overrides = calibration.enabled() ? calibratedRows() : null;
        int d = dimension;
        if (metric == Metric.EUCLIDEAN) {
            K.squaredDistancesFloat(features, rows, 0, n, d, scores);
            if (overrides != null) {
                for (int r = 0; r < n; r++) {
                    if (overrides[r] != null) {
                        scores[r] = K.squaredDistanceFloat(features, 0, overrides[r], 0, d);
                    }
                }
            }
            for (int r = 0; r < n; r++) {
                // 0.0 - d: an exact match scores +0.0, not -0.0
                scores[r] = 0.0 - scores[r];
            }
        } else {
            double inputNorm = Vectors.norm(features);
            K.dotsFloat(features, rows, 0, n, d, scores);
            for (int r = 0; r < n; r++) {
                ClassMean cm = byRow[r];
                if (overrides != null && overrides[r] != null) {
                    scores[r] = K.dotFloat(features, 0, overrides[r], 0, d);
                    cm = calibrated.get(labels[r]);
                }
                double denominator = inputNorm * cm.norm();
                scores[r] = denominator == 0.0 ? 0.0 : scores[r] / denominator;
            }
        }
        return Ranking.top(labels, scores, n, k);
    }

    @Override
    public List<String> classes() {
        return List.copyOf(means.keySet());
    }

    @Override
    public long count(String label) {
        ClassMean cm = means.get(label);
        return cm == null ? 0 : cm.count;
    }

    @Override
    public long examplesSeen() {
        return examplesSeen;
    }

    /**
     * The current mean of a class (a copy).
     *
     * @throws IllegalArgumentException if the class is unknown
     */
    public double[] mean(String label) {
        ClassMean cm = means.get(label);
        if (cm == null) {
            throw new IllegalArgumentException("unknown class '" + label + "'");
        }
        return cm.mean.clone();
    }

    /**
     * Combines the other learner's counts and means into this one: for a class known to both, count
     * {@code n1 + n2} and mean {@code (n1*m1 + n2*m2) / (n1 + n2)}; classes new to this learner are
     * appended in the other's order.
     */
    @Override
    public void merge(Learner other) {
        NearestClassMean o = MergeChecks.sameTypeAndDimension(this, other, NearestClassMean.class);
        MergeChecks.sameParams(
                o.metric == metric && o.calibration.equals(calibration), o.params(), params());
        // copy first so that merging a learner into itself is well defined
        List<Map.Entry<String, ClassMean>> incoming = new ArrayList<>(o.means.size());
        for (Map.Entry<String, ClassMean> e : o.means.entrySet()) {
            incoming.add(Map.entry(e.getKey(), e.getValue().copy()));
        }
        long incomingSeen = o.examplesSeen;
        for (Map.Entry<String, ClassMean> e : incoming) {
            ClassMean mine = means.get(e.getKey());
            if (mine == null) {
                addClass(e.getKey(), e.getValue().count, e.getValue().mean);
            } else {
                mine.combine(e.getValue());
                mine.mirror(rows);
            }
        }
        examplesSeen += incomingSeen;
        calibrated = null;
    }

    @Override
    public LearnerState snapshot() {
        List<ClassState> classes = new ArrayList<>(means.size());
        for (Map.Entry<String, ClassMean> e : means.entrySet()) {
            ClassMean cm = e.getValue();
            classes.add(
                    new ClassState(
                            e.getKey(),
                            cm.count,
                            List.of(new PrototypeState((double) cm.count, cm.mean))));
        }
        return new LearnerState(TYPE, dimension, params(), classes);
    }

    @Override
    public String toString() {
        return "NearestClassMean[dimension="
                + dimension
                + ", metric="
                + metric.paramValue()
                + ", classes="
                + means.size()
                + ", examplesSeen="
                + examplesSeen
                + "]";
    }

    /**
     * The calibrated means of the few-shot classes (count below the threshold) against the means of
     * the other classes, computed once per state change: O(few-shot × base × d).
     */
    private float[][] calibratedRows() {
        calibratedView();
        return calibratedRows;
    }

    private Map<String, ClassMean> calibratedView() {
        if (calibrated != null) {
            return calibrated;
        }
        Map<String, ClassMean> view = new LinkedHashMap<>();
        if (calibration.enabled()) {
            List<double[]> baseMeans = new ArrayList<>();
            List<Double> norms = new ArrayList<>();
            for (ClassMean cm : means.values()) {
                if (!calibration.isFewShot(cm.count)) {
                    baseMeans.add(cm.mean);
                    norms.add(cm.norm());
                }
            }
            if (!baseMeans.isEmpty()) {
                double[] baseNorms = norms.stream().mapToDouble(Double::doubleValue).toArray();
                for (Map.Entry<String, ClassMean> e : means.entrySet()) {
                    ClassMean cm = e.getValue();
                    if (calibration.isFewShot(cm.count)) {
                        view.put(
                                e.getKey(),
                                new ClassMean(
                                        cm.count,
                                        calibration.calibrate(cm.mean, baseMeans, baseNorms)));
                    }
                }
            }
        }
        float[][] overrides = new float[means.size()][];
        for (Map.Entry<String, ClassMean> e : view.entrySet()) {
            double[] mean = e.getValue().mean;
            float[] row = new float[mean.length];
            for (int i = 0; i < mean.length; i++) {
                row[i] = (float) mean[i];
            }
            overrides[means.get(e.getKey()).row] = row;
        }
        calibratedRows = overrides;
        calibrated = view;
        return view;
    }

    /** Appends a class with its own row in the float mirror (rows grow by doubling). */
    private void addClass(String label, long count, double[] mean) {
        int r = means.size();
        if (r == labels.length) {
            int capacity = Math.max(4, 2 * r);
            rows = Arrays.copyOf(rows, Math.multiplyExact(capacity, dimension));
            byRow = Arrays.copyOf(byRow, capacity);
            labels = Arrays.copyOf(labels, capacity);
            scores = Arrays.copyOf(scores, capacity);
        }
        ClassMean cm = new ClassMean(count, mean, r);
        means.put(label, cm);
        byRow[r] = cm;
        labels[r] = label;
        cm.mirror(rows);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * Count and running mean of one class, and its row in the float mirror (-1 for detached
     * copies); the norm is cached for cosine scoring.
     */
    private static final class ClassMean {
        long count;
        final double[] mean;
        final int row;
        double norm = Double.NaN;

        ClassMean(long count, double[] mean) {
            this(count, mean, -1);
        }

        ClassMean(long count, double[] mean, int row) {
            this.count = count;
            this.mean = mean;
            this.row = row;
        }

        void add(float[] x, float[] rows) {
            count++;
            double n = count;
            int off = row * mean.length;
            for (int i = 0; i < mean.length; i++) {
                double m = mean[i] + (x[i] - mean[i]) / n;
                mean[i] = m;
                rows[off + i] = (float) m;
            }
            norm = Double.NaN;
        }

        void mirror(float[] rows) {
            int off = row * mean.length;
            for (int i = 0; i < mean.length; i++) {
                rows[off + i] = (float) mean[i];
            }
        }

        void combine(ClassMean other) {
            double n1 = count;
            double n2 = other.count;
            double n = n1 + n2;
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (n1 * mean[i] + n2 * other.mean[i]) / n;
            }
            count += other.count;
            norm = Double.NaN;
        }

        double norm() {
            if (Double.isNaN(norm)) {
                norm = Vectors.norm(mean);
            }
            return norm;
        }

        ClassMean copy() {
            return new ClassMean(count, mean.clone());
        }
    }
}
