package io.protoflow.core.ood;

import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.StreamingLda;
import io.protoflow.core.learn.Vectors;
import io.protoflow.core.linalg.Cholesky;
import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.LearnerState;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Squared Mahalanobis distance to the nearest class mean under one covariance shared by all classes
 * (after Lee et al., 2018): {@code score(x) = min_c (x - mu_c)^T Sigma_s^-1 (x - mu_c)} with {@code
 * Sigma_s = (1 - s) Sigma + s nu I}, {@code nu = trace(Sigma)/d}, the shrinkage streaming LDA
 * applies. Unlike a Euclidean distance it measures a deviation against the spread the classes
 * actually have, so an input that moves along directions in which the training data never varied
 * (blank pixels lit up) scores high.
 *
 * <p>Where the covariance comes from ({@code covariance} parameter):
 *
 * <ul>
 *   <li>{@code learner} (default): the learner's shared covariance and class means, read at {@link
 *       #update}. Needs a learner whose state holds a covariance: {@code streaming-lda}, or {@code
 *       random-features} in front of it (then in the mapped space, the input mapped first); any
 *       other state is rejected. {@link #observe} is a no-op.
 *   <li>{@code own}: the scorer keeps its own exact pooled estimate of the class means and
 *       covariance of the examples it {@link #observe}s, on the raw input, whatever the learner;
 *       {@link #update} is a no-op. Costs {@code d^2/2} multiply-adds per observed example (a
 *       streaming LDA's), and the covariance is re-factored at the first score after {@code
 *       refreshEvery} new examples, after the count doubled, or after a new class appeared. Its
 *       state is {@link #ownEstimate()}, a {@code streaming-lda} learner state that {@code
 *       SnapshotCodec.encodeLearnerState} encodes; like the kNN reservoir it is not part of the
 *       model snapshot, so an operator keeps it in its own state ({@link #restoreOwn}).
 * </ul>
 *
 * <p>With {@code relative=true} the score is the relative Mahalanobis distance (after Ren et al.,
 * 2021, "A simple fix to Mahalanobis distance for improving near-OOD detection"): {@code min_c
 * MD_c(x) - MD_0(x)}, where {@code MD_0} is the squared distance to the mean of all examples under
 * their total covariance {@code Sigma_0 = Sigma + sum_c (n_c/N)(mu_c - mu)(mu_c - mu)^T} (shrunk
 * the same way). Both come exactly from the class means, counts and shared covariance, so nothing
 * more is kept. Subtracting the background distance discounts directions in which every class
 * varies, which helps when OOD inputs are near the training classes. It doubles the factoring and
 * the triangular solves.
 *
 * <p>Parameters: {@code covariance} = {@code learner} | {@code own}; {@code relative} = {@code
 * false} (default) | {@code true}; {@code shrinkage} {@code s} in {@code (0, 1]}, default: the
 * learner covariance's own shrinkage ({@code learner}; 1e-4 for a default streaming LDA) or {@value
 * #DEFAULT_OWN_SHRINKAGE} ({@code own}); {@code refreshEvery} >= 1, default {@code max(1000, 3 d)}
 * ({@code own} only). Each re-factoring costs {@code d^3/6} multiply-adds (about 80 M at d = 784);
 * a score costs one triangular solve ({@code d^2/2}) plus {@code C d}.
 */
public final class MahalanobisScorer implements OodScorer {

    /** The name under which {@link OodScorers} knows this scorer. */
    public static final String NAME = "mahalanobis";

    /** Parameter key of the {@link CovarianceSource}. */
    public static final String PARAM_COVARIANCE = "covariance";

    /** Parameter key of the relative-distance switch. */
    public static final String PARAM_RELATIVE = "relative";

    /** Parameter key of the shrinkage. */
    public static final String PARAM_SHRINKAGE = "shrinkage";

    /** Parameter key of the re-factoring period of the own estimate. */
    public static final String PARAM_REFRESH_EVERY = "refreshEvery";

    /** Shrinkage of the own estimate unless configured. */
    public static final double DEFAULT_OWN_SHRINKAGE = 1e-4;

    /** Where the shared covariance comes from. */
    public enum CovarianceSource {
        /** The learner's state (streaming LDA). */
        LEARNER,
        /** The scorer's own estimate from the observed examples. */
        OWN;

        /** The parameter value, e.g. {@code "own"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int dimension;
    private final CovarianceSource source;
    private final OptionalDouble shrinkage;
    private final int refreshEvery;
    private final boolean relative;
    private StreamingLda own;

    private LearnerView view;
    private int learnedDimension;
    private double[] factor;
    private double[][] whitenedMeans = new double[0][];
    private double[] backgroundFactor;
    private double[] whitenedBackgroundMean;
    private long ownSeenAtFactor;
    private int ownClassesAtFactor;
    private double[] work;
    private double[] backgroundWork;

    /**
     * Creates a scorer.
     *
     * @param dimension the learner's input dimension, >= 1
     * @param source where the covariance comes from
     * @param shrinkage the shrinkage in (0, 1], or empty for the default (see the class doc)
     * @param refreshEvery examples between re-factorings of the own estimate, >= 1 (ignored for
     *     {@code learner})
     * @param relative whether to score the relative Mahalanobis distance
     * @throws IllegalArgumentException naming the invalid argument and its value
     */
    public MahalanobisScorer(
            int dimension,
            CovarianceSource source,
            OptionalDouble shrinkage,
            int refreshEvery,
            boolean relative) {
        this.dimension = OodScorers.requireDimension(dimension);
        if (source == null) {
            throw new IllegalArgumentException("covariance source is null");
        }
        if (shrinkage == null) {
            throw new IllegalArgumentException("shrinkage is null (use OptionalDouble.empty())");
        }
        if (shrinkage.isPresent()
                && !(shrinkage.getAsDouble() > 0.0 && shrinkage.getAsDouble() <= 1.0)) {
            throw new IllegalArgumentException(
                    "shrinkage must be in (0, 1], got " + shrinkage.getAsDouble());
        }
        if (refreshEvery < 1) {
            throw new IllegalArgumentException("refreshEvery must be >= 1, got " + refreshEvery);
        }
        this.source = source;
        this.shrinkage = shrinkage;
        this.refreshEvery = refreshEvery;
        this.relative = relative;
        this.own = source == CovarianceSource.OWN ? emptyOwnEstimate() : null;
    }

    private StreamingLda emptyOwnEstimate() {
        return new StreamingLda(
                dimension,
                new StreamingLda.Params(
                        shrinkage.orElse(DEFAULT_OWN_SHRINKAGE),
                        StreamingLda.Priors.EQUAL,
                        StreamingLda.AUTO_REFRESH));
    }

    /** The default {@code refreshEvery} of the own estimate at dimension {@code d}. */
    public static int defaultRefreshEvery(int d) {
        return Math.max(1000, 3 * d);
    }

    /**
     * A scorer with its own estimate restored from {@link #ownEstimate()}.
     *
     * @throws IllegalArgumentException if the state is not a {@code streaming-lda} state
     */
    public static MahalanobisScorer restoreOwn(
            LearnerState ownEstimate,
            OptionalDouble shrinkage,
            int refreshEvery,
            boolean relative) {
        MahalanobisScorer s =
                new MahalanobisScorer(
                        ownEstimate.dimension(),
                        CovarianceSource.OWN,
                        shrinkage,
                        refreshEvery,
                        relative);
        s.restoreOwnEstimate(ownEstimate);
        return s;
    }

    /**
     * Replaces the own estimate ({@code own} source only) with a saved {@link #ownEstimate()} of a
     * scorer with the same shrinkage; it is re-factored at the next score.
     *
     * @throws IllegalStateException for the {@code learner} source
     * @throws IllegalArgumentException if the state is not a {@code streaming-lda} state of this
     *     dimension and shrinkage
     */
    public void restoreOwnEstimate(LearnerState ownEstimate) {
        if (own == null) {
            throw new IllegalStateException("covariance source is learner: no own estimate");
        }
        StreamingLda fresh = emptyOwnEstimate();
        fresh.merge(Learners.restore(ownEstimate));
        own = fresh;
        factor = null;
    }

    /** Where the covariance comes from. */
    public CovarianceSource source() {
        return source;
    }

    /**
     * The own estimate's state ({@code own} source only), to persist it beside the model: a {@code
     * streaming-lda} learner state of the observed examples.
     *
     * @throws IllegalStateException for the {@code learner} source
     */
    public LearnerState ownEstimate() {
        if (own == null) {
            throw new IllegalStateException("covariance source is learner: no own estimate");
        }
        return own.snapshot();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void update(LearnerState learner) {
        if (source == CovarianceSource.OWN) {
            return;
        }
        LearnerView v = LearnerView.of(learner, dimension, view);
        CovarianceState cov = learner.covariance();
        if (cov == null) {
            throw new IllegalArgumentException(
                    "learner state of type '"
                            + learner.learnerType()
                            + "' holds no shared covariance: use a streaming-lda learner (or"
                            + " random-features in front of one), or "
                            + PARAM_COVARIANCE
                            + "="
                            + CovarianceSource.OWN.paramValue());
        }
        view = v;
        factor(cov, shrinkage.orElse(cov.shrinkage()), v.classMeans, v.classWeights);
    }

    @Override
    public void observe(float[] features, String label) {
        Vectors.requireValid(features, dimension);
        Learners.requireValidLabel(label);
        if (own != null) {
            own.learn(features, label);
        }
    }

    @Override
    public boolean ready() {
        return own != null ? own.examplesSeen() > 0 : whitenedMeans.length > 0;
    }

    @Override
    public double score(float[] features) {
        Vectors.requireValid(features, dimension);
        OodScorers.requireReady(this);
        float[] x = features;
        if (own != null) {
            refreshOwnIfDue();
        } else {
            x = view.learned(features);
        }
        for (int i = 0; i < learnedDimension; i++) {
            work[i] = x[i];
        }
        Cholesky.forwardSolveInPlace(factor, learnedDimension, work);
        double best = Double.POSITIVE_INFINITY;
        for (double[] z : whitenedMeans) {
            double sum = 0.0;
            for (int i = 0; i < learnedDimension; i++) {
                double diff = work[i] - z[i];
                sum += diff * diff;
            }
            best = Math.min(best, sum);
        }
        if (!relative) {
            return best;
        }
        for (int i = 0; i < learnedDimension; i++) {
            backgroundWork[i] = x[i];
        }
        Cholesky.forwardSolveInPlace(backgroundFactor, learnedDimension, backgroundWork);
        double background = 0.0;
        for (int i = 0; i < learnedDimension; i++) {
            double diff = backgroundWork[i] - whitenedBackgroundMean[i];
            background += diff * diff;
        }
        return best - background;
    }

    private void refreshOwnIfDue() {
        long seen = own.examplesSeen();
        int classes = own.classes().size();
        if (factor != null
                && classes == ownClassesAtFactor
                && seen - ownSeenAtFactor < refreshEvery
                && seen < 2 * ownSeenAtFactor) {
            return;
        }
        List<String> labels = own.classes();
        double[][] means = new double[labels.size()][];
        double[] counts = new double[labels.size()];
        for (int c = 0; c < means.length; c++) {
            means[c] = own.mean(labels.get(c));
            counts[c] = own.count(labels.get(c));
        }
        CovarianceState cov = own.covariance();
        factor(cov, shrinkage.orElse(DEFAULT_OWN_SHRINKAGE), means, counts);
        ownSeenAtFactor = seen;
        ownClassesAtFactor = classes;
    }

    /**
     * Factors the shrunk covariance and whitens the class means with it (z_c = L^-1 mu_c); for the
     * relative distance also the shrunk total covariance and the overall mean.
     */
    private void factor(CovarianceState cov, double s, double[][] means, double[] weights) {
        int d = cov.dimension();
        double[] l = new double[Math.multiplyExact(d, d)];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                l[i * d + j] = cov.get(i, j);
            }
        }
        double[] background = null;
        double[] overallMean = null;
        if (relative) {
            // Sigma_0 = Sigma + sum_c pi_c (mu_c - mu)(mu_c - mu)^T, lower triangle
            background = l.clone();
            overallMean = new double[d];
            double total = 0.0;
            for (double w : weights) {
                total += w;
            }
            for (int c = 0; c < means.length; c++) {
                for (int i = 0; i < d; i++) {
                    overallMean[i] += weights[c] / total * means[c][i];
                }
            }
            double[] diff = new double[d];
            for (int c = 0; c < means.length; c++) {
                double pi = weights[c] / total;
                for (int i = 0; i < d; i++) {
                    diff[i] = means[c][i] - overallMean[i];
                }
                for (int i = 0; i < d; i++) {
                    double a = pi * diff[i];
                    int row = i * d;
                    for (int j = 0; j <= i; j++) {
                        background[row + j] += a * diff[j];
                    }
                }
            }
            shrinkAndFactor(background, d, s);
            Cholesky.forwardSolveInPlace(background, d, overallMean);
        }
        shrinkAndFactor(l, d, s);
        double[][] z = new double[means.length][];
        for (int c = 0; c < means.length; c++) {
            z[c] = means[c].clone();
            Cholesky.forwardSolveInPlace(l, d, z[c]);
        }
        factor = l;
        whitenedMeans = z;
        backgroundFactor = background;
        whitenedBackgroundMean = overallMean;
        learnedDimension = d;
        work = new double[d];
        backgroundWork = new double[d];
    }

    /** Lower triangle a = (1 - s) a + s nu I with nu = trace / d (1 when 0), then its factor. */
    private static void shrinkAndFactor(double[] a, int d, double s) {
        double trace = 0.0;
        for (int i = 0; i < d; i++) {
            trace += a[i * d + i];
        }
        double nu = trace > 0.0 ? trace / d : 1.0;
        for (int i = 0; i < d; i++) {
            int row = i * d;
            for (int j = 0; j <= i; j++) {
                a[row + j] *= 1.0 - s;
            }
            a[row + i] += s * nu;
        }
        Cholesky.decomposeInPlace(a, d);
    }
}
