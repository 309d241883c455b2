package io.protoflow.core.learn;

import io.protoflow.core.linalg.Cholesky;
import io.protoflow.core.linalg.Kernels;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Streaming linear discriminant analysis: class means plus one within-class covariance shared by
 * all classes, both updated online and exactly (pooled Welford), predicting with the linear
 * discriminant of the shrunk covariance. It captures feature correlations that a nearest class mean
 * ignores, keeps NCM's virtues (new classes at any time, nothing forgotten, exact merge) and
 * matches LDA fitted offline on the same data.
 *
 * <h2>Model</h2>
 *
 * For class {@code c} with {@code n_c} examples and mean {@code mu_c}, and {@code N} examples in
 * all, the covariance is the biased pooled estimate {@code Sigma = (1/N) sum_x (x - mu_c(x)) (x -
 * mu_c(x))^T}. Learning {@code x} of class {@code c} with {@code delta = x - mu_c} (before the
 * update) adds {@code n_c/(n_c+1) delta delta^T} to the scatter {@code N Sigma} and moves the mean
 * by {@code delta/(n_c+1)}; a new class contributes nothing to the scatter. The shrunk covariance
 * is {@code Sigma_s = (1 - s) Sigma + s nu I} with {@code nu = trace(Sigma)/d} ({@code nu = 1}
 * while the trace is 0), which is positive definite for {@code s > 0}. The score of class {@code c}
 * is {@code w_c . x + b_c} with {@code w_c = Sigma_s^-1 mu_c} and {@code b_c = -1/2 mu_c . w_c +
 * tr(Sigma_s^-1 Sigma) / (2 n_c)}, plus {@code log(n_c/N)} when {@code priors=empirical}. The
 * {@code 1/n_c} term removes the bias of the plug-in estimate: the mean of {@code n_c} noisy
 * examples lies on average {@code tr(Sigma_s^-1 Sigma) / n_c} further from the origin (in the
 * discriminant's metric) than the true mean, which pushes young classes' scores down; it vanishes
 * as a class grows (Fashion-MNIST, 10-shot stage: new-class accuracy 0.287 to 0.391 at shrinkage
 * 0.1). The trace is estimated at each refresh from 16 seeded Rademacher probes (Hutchinson).
 *
 * <h2>Parameters</h2>
 *
 * <ul>
 *   <li>{@code shrinkage} in {@code (0, 1]}, default {@code 1e-4}: a fixed ridge towards the scaled
 *       identity, enough to make the covariance of pixel-like data (constant features, {@code N <
 *       d}) invertible without visibly biasing it once {@code N} is well above {@code d}. While
 *       {@code N} is near {@code d} the estimate is poor and so are predictions (the usual LDA
 *       peaking: prequential accuracy 0.86 instead of 0.99 on a synthetic stream behind 2048 random
 *       features when a refresh fell at N = d); raise it (e.g. 0.1) for streams that stay short
 *       relative to d. No Ledoit-Wolf estimate: it needs fourth moments the stream does not keep.
 *   <li>{@code priors} = {@code equal} (default) or {@code empirical}.
 *   <li>{@code refreshEvery} >= 1 or {@code auto} (default): examples between full refreshes, see
 *       below. {@code auto} is {@code max(1000, 3 d)} (2352 at d = 784, 6144 at d = 2048): a
 *       refresh costs about {@code d^3/6} multiply-adds and a learned example {@code d^2/2}, so
 *       refreshes then cost about a ninth of learning at any dimension.
 * </ul>
 *
 * <h2>What prediction sees</h2>
 *
 * Means, counts and covariance are always exact. Inverting the covariance costs {@code O(d^3)}, so
 * prediction uses a cached Cholesky factor of {@code Sigma_s} and cached per-class {@code (w_c,
 * b_c)}:
 *
 * <ul>
 *   <li>a <em>full refresh</em> (re-factor the current covariance and recompute every class's
 *       weights from its current mean) happens at the first {@code predict} ever, at the first
 *       {@code predict} after {@code refreshEvery} examples have been learned since the last one,
 *       after the total example count has quadrupled since the last one (so early in a stream, when
 *       the covariance still moves fast, refreshes come at 1, 4, 16, 64, ... examples), after any
 *       merge, after a new class appeared, when the trace of the scatter learned since the last
 *       refresh exceeds a quarter of the trace then (the covariance moved: typically early in a
 *       class-incremental stage), in {@link #refresh()}, in {@link #snapshot()} and in {@link
 *       #restore}; with {@code refreshEvery=1} every prediction is exact;
 *   <li>between full refreshes, a class's weights are recomputed with the cached factor when the
 *       class first appears and whenever its count has doubled since they were last computed
 *       ({@code O(d^2)} each, {@code O(d^2 log n_c)} over a class's life), so new classes are
 *       predicted at once and young classes track their moving means;
 *   <li>priors ({@code empirical}) always use the current counts.
 * </ul>
 *
 * Learners that never predict never factorise. Because snapshot and restore both end in a full
 * refresh, a restored learner predicts exactly as the original did after taking the snapshot.
 *
 * <h2>Complexity</h2>
 *
 * With d features and C classes: memory {@code d(d+1)/2} doubles for the covariance, {@code d^2}
 * for the factor (allocated at the first refresh), {@code 2 C d} for means and weights and {@code
 * 32 d} for the update buffer: about 29 MB at d = 1024, C = 1000. {@code learn} is {@code O(d)} for
 * the mean plus an amortised {@code O(d^2)} covariance update: deltas are buffered and applied 32
 * at a time as one scaled rank-32 update of the packed triangle (each element read and written once
 * per 32 examples, two rows per pass so each delta element loaded serves two rows; {@code d^2/2}
 * multiply-adds per example, vectorised). Above d = 512 the triangle no longer fits the L2 cache,
 * and streaming it from L3 once per 16 examples was what bound learning: 32 measured about 1.2x
 * faster at d = 784, 64 no better. Plus {@code O(d^2)} when a class's weights are due. {@code
 * predict} is {@code O(C d)} plus {@code O(C k)} to select the best {@code k} (or {@code O(C log
 * C)} to rank all). A full refresh is {@code d^3/6 + C d^2} multiply-adds (amortised over {@code
 * refreshEvery} examples: at d = 1024, C = 1000 that is 1.2 G multiply-adds, so raise {@code
 * refreshEvery} for many classes). {@code merge} is {@code O(d^2 + C d)}.
 *
 * <h2>Merge</h2>
 *
 * Exact: counts add, means combine by weight, and the covariances combine as {@code N Sigma = N1
 * Sigma1 + N2 Sigma2 + sum_c (n1_c n2_c / n_c) (mu1_c - mu2_c)(mu1_c - mu2_c)^T} over the classes
 * both know. The result equals the learner trained on the union up to floating-point rounding
 * (relative {@code ~1e-12} in tests), whatever the partition and merge order.
 *
 * <p>Type name {@code "streaming-lda"}. Ties are broken by first-appearance order of the classes.
 */
public final class StreamingLda implements Learner {

    /** The type name under which {@link Learners} knows this learner. */
    public static final String TYPE = "streaming-lda";

    /** Parameter: shrinkage towards the scaled identity, in (0, 1]. */
    public static final String PARAM_SHRINKAGE = "shrinkage";

    /** Parameter: class priors, {@code equal} or {@code empirical}. */
    public static final String PARAM_PRIORS = "priors";

    /** Parameter: examples between full refreshes of the discriminant, >= 1. */
    public static final String PARAM_REFRESH_EVERY = "refreshEvery";

    /** Default shrinkage. */
    public static final double DEFAULT_SHRINKAGE = 1e-4;

    /** The {@code refreshEvery} value (also the parameter text) meaning "derive from d". */
    public static final int AUTO_REFRESH = 0;

    private static final String AUTO = "auto";

    /** Covariance updates buffered before one rank-k update of the triangle. */
    static final int UPDATE_BATCH = 32;

    private static final Kernels K = Kernels.get();

    /** Class priors added to the discriminant scores. */
    public enum Priors {
        /** No prior term: every class is a priori equally likely. */
        EQUAL,
        /** {@code log(n_c / N)} from the current counts. */
        EMPIRICAL;

        /** The parameter value, e.g. {@code "equal"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validated parameters.
     *
     * @param shrinkage in (0, 1]
     * @param priors not null
     * @param refreshEvery >= 1, or {@link #AUTO_REFRESH} for {@code max(1000, 3 d)}
     */
    public record Params(double shrinkage, Priors priors, int refreshEvery) {

        /** The defaults: shrinkage 1e-4, equal priors, automatic refresh interval. */
        public static final Params DEFAULTS =
                new Params(DEFAULT_SHRINKAGE, Priors.EQUAL, AUTO_REFRESH);

        public Params {
            if (!(shrinkage > 0.0 && shrinkage <= 1.0)) {
                throw new IllegalArgumentException(
                        PARAM_SHRINKAGE + " must be in (0, 1], got " + shrinkage);
            }
            if (priors == null) {
                throw new IllegalArgumentException(PARAM_PRIORS + " is null");
            }
            if (refreshEvery < 1 && refreshEvery != AUTO_REFRESH) {
                throw new IllegalArgumentException(
                        PARAM_REFRESH_EVERY + " must be >= 1 or auto, got " + refreshEvery);
            }
        }

        /**
         * Parses learner parameters; absent keys take the defaults.
         *
         * @throws IllegalArgumentException on an unknown key or an invalid value, naming both
         */
        public static Params parse(Map<String, String> params) {
            double shrinkage = DEFAULT_SHRINKAGE;
            Priors priors = Priors.EQUAL;
            int refreshEvery = AUTO_REFRESH;
            for (Map.Entry<String, String> e : params.entrySet()) {
                String key = e.getKey();
                String value = e.getValue() == null ? "" : e.getValue().trim();
                switch (key) {
                    case PARAM_SHRINKAGE -> shrinkage = parseDouble(key, value);
                    case PARAM_PRIORS -> priors = parsePriors(value);
                    case PARAM_REFRESH_EVERY ->
                            refreshEvery =
                                    AUTO.equalsIgnoreCase(value)
                                            ? AUTO_REFRESH
                                            : parseRefreshEvery(key, value);
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown parameter '"
                                            + key
                                            + "' (value '"
                                            + e.getValue()
                                            + "') for learner type "
                                            + TYPE
                                            + ", known parameters: ["
                                            + PARAM_SHRINKAGE
                                            + ", "
                                            + PARAM_PRIORS
                                            + ", "
                                            + PARAM_REFRESH_EVERY
                                            + "]");
                }
            }
            return new Params(shrinkage, priors, refreshEvery);
        }

        /** The parameters as {@link Learners#create} accepts them. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(PARAM_SHRINKAGE, Double.toString(shrinkage));
            m.put(PARAM_PRIORS, priors.paramValue());
            m.put(
                    PARAM_REFRESH_EVERY,
                    refreshEvery == AUTO_REFRESH ? AUTO : Integer.toString(refreshEvery));
            return m;
        }

        private static double parseDouble(String key, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected a number");
            }
        }

        /** The refresh interval for dimension {@code d}, resolving {@code auto}. */
        public int refreshEvery(int d) {
            return refreshEvery == AUTO_REFRESH ? Math.max(1000, 3 * d) : refreshEvery;
        }

        private static int parseRefreshEvery(String key, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw new IllegalArgumentException(
                            PARAM_REFRESH_EVERY + " must be >= 1 or auto, got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected an integer or auto");
            }
        }

        private static Priors parsePriors(String value) {
            for (Priors p : Priors.values()) {
                if (p.paramValue().equalsIgnoreCase(value)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(
                    "parameter "
                            + PARAM_PRIORS
                            + " has invalid value '"
                            + value
                            + "', expected one of "
                            + Arrays.stream(Priors.values()).map(Priors::paramValue).toList());
        }
    }

    private final int dimension;
    private final Params params;
    private final int refreshEvery;
    private final Map<String, ClassStats> classes = new LinkedHashMap<>();

    /** Sigma (biased, over covCount examples), packed upper triangle, row by row. */
    private final double[] cov;

    /** Examples folded into {@link #cov}; pending ones are not yet. */
    private long covCount;

    private final double[][] pendingDeltas;
    private final double[] pendingWeights = new double[UPDATE_BATCH];
    private final double[] rowCoeffs = new double[UPDATE_BATCH];
    private final double[] rowCoeffs2 = new double[UPDATE_BATCH];
    private int pendingDeltaCount;
    private long pendingExamples;

    /** Cholesky factor of the shrunk covariance, row-major lower; null before the first refresh. */
    private double[] factor;

    private long changedSinceRefresh;

    /** Scratch for predict: labels and scores in first-appearance order. */
    private String[] labels = new String[0];

    private double[] scores = new double[0];

    /** {@code tr(Sigma_s^-1 Sigma)} at the last refresh; see estimateEffectiveDimension. */
    private double effectiveDimension;

    /**
     * Trace of the scatter added since the last refresh, against the trace then: when the
     * covariance has moved by this fraction (new classes bring new directions of variance), the
     * cached factor is too stale to score with. Costs one extra multiply-add per feature.
     */
    private static final double REFRESH_SCATTER_FRACTION = 0.25;

    private double scatterSinceRefresh;
    private double traceAtRefresh;
    private long examplesAtRefresh;

    /** Set by merge: the next predict refreshes whatever changedSinceRefresh says. */
    private boolean refreshDue;

    private long examplesSeen;

    /**
     * Creates an empty learner.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or params is null
     */
    public StreamingLda(int dimension, Params params) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (params == null) {
            throw new IllegalArgumentException("params is null");
        }
        this.dimension = dimension;
        this.params = params;
        this.refreshEvery = params.refreshEvery(dimension);
        this.cov = new double[Math.toIntExact(CovarianceState.packedLength(dimension))];
        this.pendingDeltas = new double[UPDATE_BATCH][dimension];
    }

    /** Creates an empty learner with the default parameters. */
    public StreamingLda(int dimension) {
        this(dimension, Params.DEFAULTS);
    }

    /**
     * Rebuilds a learner from its snapshot: one prototype per class with weight equal to its count,
     * and a covariance whose dimension, count (the total of the class counts) and shrinkage match.
     * Ends with a full refresh, so it predicts exactly as the learner that took the snapshot.
     *
     * @throws IllegalArgumentException if the state is not a valid {@code streaming-lda} state
     */
    public static StreamingLda restore(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        if (!TYPE.equals(state.learnerType())) {
            throw new IllegalArgumentException(
                    "learnerType is '" + state.learnerType() + "', expected '" + TYPE + "'");
        }
        if (state.featureMap() != null) {
            throw new IllegalArgumentException(
                    TYPE + " state has a feature map; restore it through Learners.restore");
        }
        StreamingLda lda = new StreamingLda(state.dimension(), Params.parse(state.params()));
        CovarianceState c = state.covariance();
        if (c == null) {
            throw new IllegalArgumentException(TYPE + " state has no covariance");
        }
        if (c.shrinkage() != lda.params.shrinkage()) {
            throw new IllegalArgumentException(
                    "covariance shrinkage "
                            + c.shrinkage()
                            + " differs from parameter "
                            + PARAM_SHRINKAGE
                            + " "
                            + lda.params.shrinkage());
        }
        for (ClassState cs : state.classes()) {
            lda.classes.put(cs.label(), ClassStats.restore(cs, state.dimension()));
            lda.examplesSeen += cs.count();
        }
        if (c.count() != lda.examplesSeen) {
            throw new IllegalArgumentException(
                    "covariance count "
                            + c.count()
                            + " differs from the total class count "
                            + lda.examplesSeen);
        }
        System.arraycopy(c.packedUpper(), 0, lda.cov, 0, lda.cov.length);
        lda.covCount = c.count();
        if (lda.examplesSeen > 0) {
            lda.refresh();
        }
        return lda;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The validated parameters. */
    public Params parameters() {
        return params;
    }

    /** The complete parameters of this learner, as {@link Learners#create} accepts them. */
    public Map<String, String> params() {
        return params.asMap();
    }

    @Override
    public void learn(float[] features, String label) {
        Vectors.requireValid(features, dimension);
        Learners.requireValidLabel(label);
        ClassStats cs = classes.get(label);
        if (cs == null) {
            double[] mean = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                mean[i] = features[i];
            }
            cs = new ClassStats(1, mean);
            classes.put(label, cs);
            pendingExamples++;
            // New classes arrive where the covariance moves most (a class-incremental stage
            // starts): score them, and the old ones, with a freshly factored discriminant. A
            // refresh per new class is O(d^3/6), rare next to the O(d^2) per example.
            refreshDue = true;
        } else {
            double n = cs.count;
            double[] delta = pendingDeltas[pendingDeltaCount];
            double[] mean = cs.mean;
            double inv = 1.0 / (n + 1.0);
            double squaredNorm = 0.0;
            for (int i = 0; i < dimension; i++) {
                double di = features[i] - mean[i];
                delta[i] = di;
                mean[i] += di * inv;
                squaredNorm += di * di;
            }
            pendingWeights[pendingDeltaCount] = n * inv;
            // The update adds n/(n+1) |delta|^2 to the trace of the scatter.
            scatterSinceRefresh += n * inv * squaredNorm;
            pendingDeltaCount++;
            pendingExamples++;
            cs.count++;
            if (pendingDeltaCount == UPDATE_BATCH) {
                flush();
            }
        }
        examplesSeen++;
        changedSinceRefresh++;
        if (factor != null && cs.weightsDue()) {
            computeWeights(cs);
        }
    }

    @Override
    public Prediction predict(float[] features) {
        return predict(features, Integer.MAX_VALUE);
    }

    @Override
    public Prediction predict(float[] features, int k) {
        Vectors.requireValid(features, dimension);
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = classes.size();
        if (n == 0) {
            return Prediction.empty();
        }
        if (factor == null
                || refreshDue
                || changedSinceRefresh >= refreshEvery
                || examplesSeen >= 4 * examplesAtRefresh
                || scatterSinceRefresh > REFRESH_SCATTER_FRACTION * traceAtRefresh) {
            refresh();
        }
        if (labels.length < n) {
            labels = new String[Math.max(n, 2 * labels.length)];
            scores = new double[labels.length];
        }
        boolean empirical = params.priors() == Priors.EMPIRICAL;
        double logN = empirical ? Math.log(examplesSeen) : 0.0;
        int r = 0;
        for (Map.Entry<String, ClassStats> e : classes.entrySet()) {
            ClassStats cs = e.getValue();
            // the plug-in bias -1/2 mu_hat' W mu_hat overstates a young class's distance by
            // tr(W Sigma) / n_c on average: add it back (vanishes as the class grows)
            double score =
                    K.dot(features, cs.weights) + cs.bias + 0.5 * effectiveDimension / cs.count;
            if (empirical) {
                score += Math.log(cs.count) - logN;
            }
            labels[r] = e.getKey();
            scores[r] = score;
            r++;
        }
        return Ranking.top(labels, scores, n, k);
    }

    /**
     * Brings the discriminant up to date: applies buffered covariance updates, re-factors the
     * shrunk covariance and recomputes every class's weights. {@code O(d^3/6 + C d^2)}.
     */
    public void refresh() {
        flush();
        int d = dimension;
        if (factor == null) {
            factor = new double[Math.multiplyExact(d, d)];
        }
        double trace = 0.0;
        for (int i = 0; i < d; i++) {
            trace += cov[packedIndex(i, i)];
        }
        double s = params.shrinkage();
        double nu = trace > 0.0 ? trace / d : 1.0;
        // lower triangle of the row-major factor array = transpose of the packed upper triangle
        for (int i = 0; i < d; i++) {
            int rowStart = packedIndex(i, i);
            for (int j = i; j < d; j++) {
                factor[j * d + i] = (1.0 - s) * cov[rowStart + (j - i)];
            }
            factor[i * d + i] += s * nu;
        }
        Cholesky.decomposeInPlace(factor, d);
        effectiveDimension = estimateEffectiveDimension(s, nu, trace);
        for (ClassStats cs : classes.values()) {
            computeWeights(cs);
        }
        changedSinceRefresh = 0;
        examplesAtRefresh = examplesSeen;
        refreshDue = false;
        // cov is the normalised covariance: compare scatter with scatter.
        traceAtRefresh = trace * covCount;
        scatterSinceRefresh = 0.0;
    }

    @Override
    public List<String> classes() {
        return List.copyOf(classes.keySet());
    }

    @Override
    public long count(String label) {
        ClassStats cs = classes.get(label);
        return cs == null ? 0 : cs.count;
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
        ClassStats cs = classes.get(label);
        if (cs == null) {
            throw new IllegalArgumentException("unknown class '" + label + "'");
        }
        return cs.mean.clone();
    }

    /** The current (exact, unshrunk) pooled covariance, as a snapshot value. */
    public CovarianceState covariance() {
        flush();
        return new CovarianceState(dimension, covCount, params.shrinkage(), cov);
    }

    /**
     * Combines the other learner into this one exactly (see the class documentation). The other
     * learner is not modified; merging a learner into itself doubles every count.
     *
     * @throws IllegalArgumentException if the other learner is not a {@code streaming-lda} of the
     *     same dimension and parameters
     */
    @Override
    public void merge(Learner other) {
        StreamingLda o = MergeChecks.sameTypeAndDimension(this, other, StreamingLda.class);
        MergeChecks.sameParams(o.params.equals(params), o.params(), params());
        // read the other's state into copies first, so self-merge is well defined
        double[] otherCov = o.flushedCovarianceCopy();
        long n2 = o.examplesSeen;
        List<Map.Entry<String, ClassStats>> incoming = new ArrayList<>(o.classes.size());
        for (Map.Entry<String, ClassStats> e : o.classes.entrySet()) {
            incoming.add(Map.entry(e.getKey(), e.getValue().copy()));
        }
        flush();
        long n1 = examplesSeen;
        long n = n1 + n2;
        if (n == 0) {
            return;
        }
        // N Sigma = N1 Sigma1 + N2 Sigma2 + between-mean corrections, all divided by N
        double[][] one = {otherCov};
        double[] coeff = {(double) n2 / n};
        K.scaleAddRankK(cov, 0, cov.length, (double) n1 / n, one, coeff, 1, 0);
        double[][] deltas = new double[UPDATE_BATCH][];
        double[] weights = new double[UPDATE_BATCH];
        int k = 0;
        for (Map.Entry<String, ClassStats> e : incoming) {
            ClassStats mine = classes.get(e.getKey());
            ClassStats theirs = e.getValue();
            if (mine == null) {
                classes.put(e.getKey(), theirs);
                continue;
            }
            double c1 = mine.count;
            double c2 = theirs.count;
            double[] delta = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = mine.mean[i] - theirs.mean[i];
            }
            deltas[k] = delta;
            weights[k] = c1 * c2 / (c1 + c2) / n;
            k++;
            if (k == UPDATE_BATCH) {
                rankKUpdate(1.0, deltas, weights, k);
                k = 0;
            }
            mine.combine(theirs);
        }
        if (k > 0) {
            rankKUpdate(1.0, deltas, weights, k);
        }
        covCount = n;
        examplesSeen = n;
        changedSinceRefresh += n2;
        refreshDue = true;
    }

    /** The complete state; takes a full refresh first (see the class documentation). */
    @Override
    public LearnerState snapshot() {
        if (examplesSeen > 0) {
            refresh();
        } else {
            flush();
        }
        List<ClassState> out = new ArrayList<>(classes.size());
        for (Map.Entry<String, ClassStats> e : classes.entrySet()) {
            ClassStats cs = e.getValue();
            out.add(
                    new ClassState(
                            e.getKey(),
                            cs.count,
                            List.of(new PrototypeState((double) cs.count, cs.mean))));
        }
        return new LearnerState(
                TYPE,
                dimension,
                params(),
                out,
                new CovarianceState(dimension, covCount, params.shrinkage(), cov),
                null);
    }

    @Override
    public String toString() {
        return "StreamingLda[dimension="
                + dimension
                + ", params="
                + params()
                + ", classes="
                + classes.size()
                + ", examplesSeen="
                + examplesSeen
                + "]";
    }

    // ---------------------------------------------------------------- internals

    private int packedIndex(int i, int j) {
        return i * dimension - i * (i - 1) / 2 + (j - i);
    }

    /**
     * Applies the buffered updates: Sigma = (N0 Sigma + sum_t w_t delta_t delta_t^T) / (N0 + k).
     */
    private void flush() {
        if (pendingExamples == 0) {
            return;
        }
        double total = (double) covCount + pendingExamples;
        double beta = covCount / total;
        for (int t = 0; t < pendingDeltaCount; t++) {
            pendingWeights[t] /= total;
        }
        rankKUpdate(beta, pendingDeltas, pendingWeights, pendingDeltaCount);
        covCount += pendingExamples;
        pendingExamples = 0;
        pendingDeltaCount = 0;
    }

    /**
     * Columns per block of the rank-k update. Row by row over whole rows, every row streamed all k
     * deltas' columns (k x d doubles, 512 KB at d = 2048 and k = 32: more than L2); a block of 512
     * columns keeps the deltas' part (128 KB) in L2 while every row takes its segment of the block,
     * and segments stay long enough (4 KB) for the prefetcher to stream the triangle. Measured at d
     * = 2048 (random features + LDA, learn + predict): 64 columns 0.8x (segments too short), 256
     * 1.1x, 512-1024 1.15x of whole rows.
     */
    static final int UPDATE_COLUMN_BLOCK = 512;

    /**
     * cov = beta cov + sum_{t<k} coeffs[t] v_t v_t^T over the packed triangle, one block of columns
     * at a time: rows above the block's diagonal in pairs (each delta element loaded serves two
     * rows), then the block's own triangle. Each element still gets {@code beta y + sum_t c_t v_t}
     * in t order, whatever the blocking.
     */
    private void rankKUpdate(double beta, double[][] vs, double[] coeffs, int k) {
        int d = dimension;
        for (int jb = 0; jb < d; jb += UPDATE_COLUMN_BLOCK) {
            int je = Math.min(d, jb + UPDATE_COLUMN_BLOCK);
            // rows above the block's diagonal hold all its columns; jb is even, so they pair up
            for (int i = 0; i < jb; i += 2) {
                rowCoefficients(vs, coeffs, k, i);
                K.scaleAddRankK2(
                        cov,
                        packedIndex(i, jb),
                        packedIndex(i + 1, jb),
                        je - jb,
                        beta,
                        vs,
                        rowCoeffs,
                        rowCoeffs2,
                        k,
                        jb);
            }
            // the block's own triangle: row i's diagonal alone, then rows i and i+1 share
            // columns i+1 .. je-1
            int i = jb;
            for (; i + 1 < je; i += 2) {
                int off = packedIndex(i, i);
                double diag = beta * cov[off];
                rowCoefficients(vs, coeffs, k, i);
                for (int t = 0; t < k; t++) {
                    diag += rowCoeffs[t] * vs[t][i];
                }
                cov[off] = diag;
                K.scaleAddRankK2(
                        cov,
                        off + 1,
                        packedIndex(i + 1, i + 1),
                        je - i - 1,
                        beta,
                        vs,
                        rowCoeffs,
                        rowCoeffs2,
                        k,
                        i + 1);
            }
            if (i < je) {
                for (int t = 0; t < k; t++) {
                    rowCoeffs[t] = coeffs[t] * vs[t][i];
                }
                K.scaleAddRankK(cov, packedIndex(i, i), je - i, beta, vs, rowCoeffs, k, i);
            }
        }
    }

    /** rowCoeffs[t] = c_t v_t[i] and rowCoeffs2[t] = c_t v_t[i + 1], the two rows' weights. */
    private void rowCoefficients(double[][] vs, double[] coeffs, int k, int i) {
        for (int t = 0; t < k; t++) {
            rowCoeffs[t] = coeffs[t] * vs[t][i];
            rowCoeffs2[t] = coeffs[t] * vs[t][i + 1];
        }
    }

    private double[] flushedCovarianceCopy() {
        if (pendingExamples == 0) {
            return cov.clone();
        }
        double[] saved = cov.clone();
        long savedCount = covCount;
        double[] savedWeights = pendingWeights.clone();
        int savedDeltas = pendingDeltaCount;
        long savedExamples = pendingExamples;
        flush();
        double[] flushed = cov.clone();
        // restore the unflushed state so the other learner is left exactly as it was
        System.arraycopy(saved, 0, cov, 0, cov.length);
        covCount = savedCount;
        System.arraycopy(savedWeights, 0, pendingWeights, 0, savedWeights.length);
        pendingDeltaCount = savedDeltas;
        pendingExamples = savedExamples;
        return flushed;
    }

    /** Rademacher probes of the Hutchinson trace estimate: fixed, so refreshes are reproducible. */
    private static final int TRACE_PROBES = 16;

    private static final long TRACE_PROBE_SEED = 0x5EEDL;

    /**
     * {@code tr(Sigma_s^-1 Sigma)}, the expected excess of {@code mu_hat' Sigma_s^-1 mu_hat} over
     * {@code mu' Sigma_s^-1 mu} times {@code n_c} when {@code mu_hat} is the mean of {@code n_c}
     * examples: {@code (d - s nu tr(Sigma_s^-1)) / (1 - s)}, with {@code tr(Sigma_s^-1)} estimated
     * from {@value #TRACE_PROBES} seeded Rademacher probes ({@code O(d^2)} each, against the {@code
     * O(d^3)} factorisation it follows).
     */
    private double estimateEffectiveDimension(double s, double nu, double trace) {
        int d = dimension;
        if (trace <= 0.0) {
            return 0.0;
        }
        if (s >= 1.0) {
            return d;
        }
        SplittableRandom random = new SplittableRandom(TRACE_PROBE_SEED);
        double[] z = new double[d];
        double[] v = new double[d];
        double sum = 0.0;
        for (int p = 0; p < TRACE_PROBES; p++) {
            for (int i = 0; i < d; i++) {
                z[i] = random.nextBoolean() ? 1.0 : -1.0;
            }
            System.arraycopy(z, 0, v, 0, d);
            Cholesky.solveInPlace(factor, d, v);
            sum += K.dot(z, 0, v, 0, d);
        }
        double inverseTrace = sum / TRACE_PROBES;
        return Math.max(0.0, (d - s * nu * inverseTrace) / (1.0 - s));
    }

    /** {@code tr(Sigma_s^-1 Sigma)} as of the last refresh (0 before the first); for tests. */
    double effectiveDimension() {
        return effectiveDimension;
    }

    private void computeWeights(ClassStats cs) {
        double[] w = cs.weights;
        if (w == null) {
            w = new double[dimension];
            cs.weights = w;
        }
        System.arraycopy(cs.mean, 0, w, 0, dimension);
        Cholesky.solveInPlace(factor, dimension, w);
        cs.bias = -0.5 * K.dot(cs.mean, 0, w, 0, dimension);
        cs.countAtWeights = cs.count;
    }

    /** Count, mean and the cached discriminant of one class. */
    private static final class ClassStats {
        long count;
        final double[] mean;
        double[] weights;
        double bias;
        long countAtWeights;

        ClassStats(long count, double[] mean) {
            this.count = count;
            this.mean = mean;
        }

        static ClassStats restore(ClassState c, int dimension) {
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
            if (p.dimension() != dimension) {
                throw new IllegalArgumentException(
                        "class '"
                                + c.label()
                                + "' mean has dimension "
                                + p.dimension()
                                + ", state has "
                                + dimension);
            }
            return new ClassStats(c.count(), p.mean());
        }

        /** Weights missing, or the count has at least doubled since they were computed. */
        boolean weightsDue() {
            return weights == null || count >= 2 * countAtWeights;
        }

        void combine(ClassStats other) {
            double n1 = count;
            double n2 = other.count;
            double n = n1 + n2;
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (n1 * mean[i] + n2 * other.mean[i]) / n;
            }
            count += other.count;
        }

        ClassStats copy() {
            return new ClassStats(count, mean.clone());
        }
    }
}
