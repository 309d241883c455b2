package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streaming LDA against LDA fitted in batch on seeded Gaussian classes with a shared non-diagonal
 * covariance. Tolerances: means and covariance within {@code 1e-9} relative to the largest entry;
 * merged learners within {@code 1e-10}.
 */
class StreamingLdaTest {

    private static final long SEED = 424242L;

    /** Gaussian classes sharing the covariance A A^T (A random, so strongly correlated). */
    record Problem(List<SyntheticStream.Example> train, List<SyntheticStream.Example> test) {}

    static Problem correlatedGaussians(long seed, int dim, int classes, int nTrain, int nTest) {
        Random random = new Random(seed);
        double[][] a = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                // a few dominant directions: large shared variance the class means must be seen
                // through
                a[i][j] = random.nextGaussian() * (j < 2 ? 4.0 : 0.3);
            }
        }
        double[][] centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = random.nextGaussian() * 0.6;
            }
        }
        List<SyntheticStream.Example> train = sample(random, a, centres, nTrain);
        List<SyntheticStream.Example> test = sample(random, a, centres, nTest);
        return new Problem(train, test);
    }

    private static List<SyntheticStream.Example> sample(
            Random random, double[][] a, double[][] centres, int n) {
        int dim = a.length;
        List<SyntheticStream.Example> out = new ArrayList<>(n);
        double[] z = new double[dim];
        for (int k = 0; k < n; k++) {
            int c = random.nextInt(centres.length);
            for (int j = 0; j < dim; j++) {
                z[j] = random.nextGaussian();
            }
            float[] x = new float[dim];
            for (int i = 0; i < dim; i++) {
                double v = centres[c][i];
                for (int j = 0; j < dim; j++) {
                    v += a[i][j] * z[j];
                }
                x[i] = (float) v;
            }
            out.add(new SyntheticStream.Example(x, "c" + c));
        }
        return out;
    }

    private static <L extends Learner> L train(List<SyntheticStream.Example> data, L lda) {
        for (SyntheticStream.Example e : data) {
            lda.learn(e.features(), e.label());
        }
        return lda;
    }

    @Test
    void matchesLdaFittedInBatchAndBeatsNcm() {
        int d = 16;
        Problem p = correlatedGaussians(SEED, d, 5, 3000, 2000);
        StreamingLda lda = train(p.train(), new StreamingLda(d));
        BatchLda batch = BatchLda.fit(p.train(), d, StreamingLda.DEFAULT_SHRINKAGE);

        for (String label : batch.labels) {
            assertThat(lda.mean(label))
                    .as("seed %d, class %s", SEED, label)
                    .containsExactly(batch.mean(label), within(1e-9 * batch.maxAbsMean));
        }
        CovarianceState cov = lda.covariance();
        assertThat(cov.count()).isEqualTo(3000);
        double maxAbs = batch.maxAbsCov();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertThat(cov.get(i, j))
                        .as("seed %d, cov[%d][%d]", SEED, i, j)
                        .isCloseTo(batch.cov[i][j], within(1e-9 * maxAbs));
            }
        }

        lda.refresh();
        NearestClassMean ncm = new NearestClassMean(d, NearestClassMean.Metric.EUCLIDEAN);
        int ldaCorrect = 0;
        int ncmCorrect = 0;
        for (SyntheticStream.Example e : p.test()) {
            Prediction pred = lda.predict(e.features());
            String expected = batch.predict(e.features());
            assertThat(pred.top().orElseThrow().label()).as("seed %d", SEED).isEqualTo(expected);
            // the batch reference scores the plug-in discriminant, without the 1/n_c bias term
            double top =
                    pred.ranked().get(0).score()
                            - 0.5 * lda.effectiveDimension() / lda.count(expected);
            assertThat(top)
                    .isCloseTo(batch.score(e.features(), expected), within(1e-6 * Math.abs(top)));
            ldaCorrect += expected.equals(e.label()) ? 1 : 0;
        }
        train(p.train(), ncm);
        for (SyntheticStream.Example e : p.test()) {
            ncmCorrect +=
                    ncm.predict(e.features()).top().orElseThrow().label().equals(e.label()) ? 1 : 0;
        }
        double ldaAccuracy = ldaCorrect / 2000.0;
        double ncmAccuracy = ncmCorrect / 2000.0;
        System.out.printf(
                "streaming LDA accuracy %.3f, NCM %.3f (seed %d)%n",
                ldaAccuracy, ncmAccuracy, SEED);
        assertThat(ldaAccuracy).isGreaterThan(0.9);
        assertThat(ldaAccuracy - ncmAccuracy).isGreaterThan(0.2);
    }

    /**
     * The rank-32 covariance update runs over blocks of {@value StreamingLda#UPDATE_COLUMN_BLOCK}
     * columns, rows above a block apart from the block's own triangle: within one block, and across
     * blocks with a partial last block of even and of odd width, every entry must still be the
     * batch covariance.
     */
    @ParameterizedTest
    @MethodSource("blockSpanningDimensions")
    void covarianceIsExactAcrossUpdateColumnBlocks(int d) {
        Problem p = correlatedGaussians(SEED + d, d, 3, 400, 0);
        StreamingLda lda = train(p.train(), new StreamingLda(d));
        BatchLda batch = BatchLda.fit(p.train(), d, StreamingLda.DEFAULT_SHRINKAGE);

        CovarianceState cov = lda.covariance();
        assertThat(cov.count()).isEqualTo(400);
        double maxAbs = batch.maxAbsCov();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertThat(cov.get(i, j))
                        .as("d %d, cov[%d][%d]", d, i, j)
                        .isCloseTo(batch.cov[i][j], within(1e-9 * maxAbs));
            }
        }
    }

    static IntStream blockSpanningDimensions() {
        int block = StreamingLda.UPDATE_COLUMN_BLOCK;
        return IntStream.of(131, block + 8, block + 11);
    }

    @Test
    void mergedLearnersEqualLearnerOnUnionForRandomPartitionsAndOrders() {
        int d = 9;
        Problem p = correlatedGaussians(SEED + 1, d, 6, 1200, 200);
        StreamingLda whole = train(p.train(), new StreamingLda(d));
        CovarianceState expected = whole.covariance();
        double scale = maxAbs(expected.packedUpper());
        Random random = new Random(SEED + 2);
        for (int trial = 0; trial < 20; trial++) {
            int parts = 2 + random.nextInt(4);
            List<StreamingLda> learners = new ArrayList<>();
            for (int k = 0; k < parts; k++) {
                learners.add(new StreamingLda(d));
            }
            for (SyntheticStream.Example e : p.train()) {
                learners.get(random.nextInt(parts)).learn(e.features(), e.label());
            }
            Collections.shuffle(learners, random);
            StreamingLda merged = learners.get(0);
            for (int k = 1; k < parts; k++) {
                if (random.nextBoolean()) {
                    merged.merge(learners.get(k));
                } else {
                    learners.get(k).merge(merged);
                    merged = learners.get(k);
                }
            }
            String as = "seed " + (SEED + 2) + ", trial " + trial;
            assertThat(merged.examplesSeen()).as(as).isEqualTo(1200);
            assertThat(new HashSet<>(merged.classes())).isEqualTo(new HashSet<>(whole.classes()));
            for (String label : whole.classes()) {
                assertThat(merged.count(label)).as(as).isEqualTo(whole.count(label));
                assertThat(merged.mean(label))
                        .as(as)
                        .containsExactly(whole.mean(label), within(1e-12 * 10));
            }
            CovarianceState actual = merged.covariance();
            assertThat(actual.count()).isEqualTo(1200);
            assertThat(actual.packedUpper())
                    .as(as)
                    .containsExactly(expected.packedUpper(), within(1e-10 * scale));
            for (SyntheticStream.Example e : p.test()) {
                assertThat(merged.predict(e.features()).top().orElseThrow().label())
                        .as(as)
                        .isEqualTo(whole.predict(e.features()).top().orElseThrow().label());
            }
        }
    }

    @Test
    void mergeIsAssociativeAndCommutative() {
        int d = 7;
        Problem p = correlatedGaussians(SEED + 3, d, 4, 900, 10);
        List<List<SyntheticStream.Example>> parts =
                List.of(
                        p.train().subList(0, 100),
                        p.train().subList(100, 550),
                        p.train().subList(550, 900));
        // (a + b) + c, a + (b + c), (c + a) + b
        StreamingLda ab = train(parts.get(0), new StreamingLda(d));
        ab.merge(train(parts.get(1), new StreamingLda(d)));
        ab.merge(train(parts.get(2), new StreamingLda(d)));
        StreamingLda bc = train(parts.get(1), new StreamingLda(d));
        bc.merge(train(parts.get(2), new StreamingLda(d)));
        StreamingLda aBc = train(parts.get(0), new StreamingLda(d));
        aBc.merge(bc);
        StreamingLda ca = train(parts.get(2), new StreamingLda(d));
        ca.merge(train(parts.get(0), new StreamingLda(d)));
        ca.merge(train(parts.get(1), new StreamingLda(d)));
        double[] reference = ab.covariance().packedUpper();
        double tol = 1e-12 * maxAbs(reference) * 100;
        assertThat(aBc.covariance().packedUpper()).containsExactly(reference, within(tol));
        assertThat(ca.covariance().packedUpper()).containsExactly(reference, within(tol));
        for (String label : ab.classes()) {
            assertThat(ca.mean(label)).containsExactly(ab.mean(label), within(1e-12));
        }
    }

    @Test
    void mergeLeavesTheOtherUnchangedAndSelfMergeDoublesCounts() {
        int d = 5;
        Problem p = correlatedGaussians(SEED + 4, d, 3, 37, 5); // 37: buffer not flushed
        StreamingLda a = train(p.train(), new StreamingLda(d));
        LearnerState before = train(p.train(), new StreamingLda(d)).snapshot();
        StreamingLda other = train(p.train(), new StreamingLda(d));
        a.merge(other);
        assertThat(other.snapshot()).isEqualTo(before);

        StreamingLda self = train(p.train(), new StreamingLda(d));
        self.merge(self);
        assertThat(self.examplesSeen()).isEqualTo(74);
        // merging identical halves adds no between-mean scatter: the covariance is unchanged
        assertThat(self.covariance().packedUpper())
                .containsExactly(
                        before.covariance().packedUpper(),
                        within(1e-12 * maxAbs(before.covariance().packedUpper())));
    }

    @Test
    void restoredLearnerPredictsIdenticallyAndKeepsLearningIdentically() {
        int d = 11;
        Problem p = correlatedGaussians(SEED + 5, d, 4, 500, 100);
        Map<String, String> params =
                Map.of("shrinkage", "0.01", "priors", "empirical", "refreshEvery", "64");
        StreamingLda original = (StreamingLda) Learners.create("streaming-lda", d, params);
        train(p.train().subList(0, 301), original);
        LearnerState state = original.snapshot();
        Learner restored =
                Learners.restore(
                        SnapshotCodec.decodeLearnerState(SnapshotCodec.encodeLearnerState(state)));
        assertThat(restored.snapshot()).isEqualTo(state);
        for (SyntheticStream.Example e : p.test()) {
            assertThat(restored.predict(e.features())).isEqualTo(original.predict(e.features()));
        }
        for (SyntheticStream.Example e : p.train().subList(301, 500)) {
            original.learn(e.features(), e.label());
            restored.learn(e.features(), e.label());
            assertThat(restored.predict(e.features())).isEqualTo(original.predict(e.features()));
        }
    }

    @Test
    void effectiveDimensionEstimateIsCloseToTheExactTrace() {
        int d = 24;
        double shrinkage = 0.05;
        Problem p = correlatedGaussians(SEED + 5, d, 3, 3_000, 10);
        StreamingLda lda =
                new StreamingLda(
                        d, new StreamingLda.Params(shrinkage, StreamingLda.Priors.EQUAL, 1));
        for (SyntheticStream.Example e : p.train()) {
            lda.learn(e.features(), e.label());
        }
        lda.refresh();
        // exact tr(Sigma_s^-1 Sigma) through the eigen-free identity: solve Sigma_s X = Sigma
        double[] packed = lda.covariance().packedUpper();
        double[][] sigma = new double[d][d];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                sigma[i][j] = packed[k];
                sigma[j][i] = packed[k];
                k++;
            }
        }
        double nu = 0;
        for (int i = 0; i < d; i++) {
            nu += sigma[i][i] / d;
        }
        double[][] shrunk = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                shrunk[i][j] = (1 - shrinkage) * sigma[i][j] + (i == j ? shrinkage * nu : 0);
            }
        }
        double exact = 0;
        for (int col = 0; col < d; col++) {
            double[] x = solve(shrunk, column(sigma, col));
            exact += x[col];
        }
        // 16 Rademacher probes: a few percent here; the correction needs the order, not digits
        assertThat(lda.effectiveDimension()).isCloseTo(exact, within(0.1 * exact));
        // two dominant directions: shrinkage towards the mean variance discounts the rest
        assertThat(exact).isBetween(1.0, (double) d);
    }

    private static double[] column(double[][] m, int col) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][col];
        }
        return c;
    }

    /** Gaussian elimination with partial pivoting, for the test's exact reference. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int j = c; j <= n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }

    @Test
    void newClassIsPredictableBeforeTheNextFullRefresh() {
        StreamingLda lda =
                new StreamingLda(3, new StreamingLda.Params(1e-3, StreamingLda.Priors.EQUAL, 1000));
        Random random = new Random(SEED + 6);
        for (int i = 0; i < 200; i++) {
            lda.learn(
                    new float[] {(float) random.nextGaussian(), (float) random.nextGaussian(), 0f},
                    "origin");
        }
        assertThat(lda.predict(new float[] {0, 0, 0}).top().orElseThrow().label())
                .isEqualTo("origin");
        lda.learn(new float[] {10, 10, 0}, "far");
        assertThat(lda.predict(new float[] {9, 9, 0}).top().orElseThrow().label()).isEqualTo("far");
        assertThat(lda.predict(new float[] {0.5f, 0, 0}).top().orElseThrow().label())
                .isEqualTo("origin");
    }

    @Test
    void invalidInputAndParamsAreRejectedNamingTheValue() {
        StreamingLda lda = new StreamingLda(4);
        assertThatThrownBy(() -> lda.learn(new float[3], "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features has dimension 3, model expects 4");
        assertThatThrownBy(() -> lda.learn(new float[] {0, Float.NaN, 0, 0}, "a"))
                .hasMessage("features[1] is NaN");
        assertThatThrownBy(() -> lda.predict(new float[] {0, 0, Float.NEGATIVE_INFINITY, 0}))
                .hasMessage("features[2] is -Infinity");
        assertThatThrownBy(() -> lda.learn(new float[4], " ")).hasMessage("label is blank");
        assertThat(lda.examplesSeen()).isZero();
        assertThat(lda.predict(new float[4]).isEmpty()).isTrue();
        assertThatThrownBy(() -> Learners.create("streaming-lda", 4, Map.of("shrinkage", "0")))
                .hasMessage("shrinkage must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> Learners.create("streaming-lda", 4, Map.of("shrinkage", "x")))
                .hasMessage("parameter shrinkage has invalid value 'x', expected a number");
        assertThatThrownBy(() -> Learners.create("streaming-lda", 4, Map.of("priors", "flat")))
                .hasMessage(
                        "parameter priors has invalid value 'flat', expected one of [equal,"
                                + " empirical]");
        assertThatThrownBy(() -> Learners.create("streaming-lda", 4, Map.of("refreshEvery", "0")))
                .hasMessage("refreshEvery must be >= 1 or auto, got 0");
        assertThatThrownBy(() -> Learners.create("streaming-lda", 4, Map.of("metric", "cosine")))
                .hasMessageStartingWith("unknown parameter 'metric' (value 'cosine')");
        assertThatThrownBy(() -> lda.merge(new StreamingLda(5)))
                .hasMessage("cannot merge: other dimension is 5, this learner's is 4");
        assertThatThrownBy(() -> lda.merge(new NearestClassMean(4, NearestClassMean.Metric.COSINE)))
                .hasMessage("cannot merge: other type is 'ncm', this learner's is 'streaming-lda'");
    }

    @Test
    void handlesThousandClassesInDimension1024() {
        int d = 1024;
        StreamingLda lda = new StreamingLda(d);
        Random random = new Random(SEED + 7);
        float[] x = new float[d];
        for (int k = 0; k < 2000; k++) {
            for (int i = 0; i < d; i++) {
                x[i] = (float) random.nextGaussian();
            }
            x[k % 1000] += 8f;
            lda.learn(x, "c" + (k % 1000));
        }
        assertThat(lda.classes()).hasSize(1000);
        // at a class mean the Mahalanobis distance to that class is 0: it must rank first
        double[] mean = lda.mean("c123");
        for (int i = 0; i < d; i++) {
            x[i] = (float) mean[i];
        }
        Prediction p = lda.predict(x);
        assertThat(p.size()).isEqualTo(1000);
        assertThat(p.top().orElseThrow().label()).isEqualTo("c123");
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Textbook two-pass LDA with a Gauss-Jordan inverse: the reference. */
    static final class BatchLda {
        final List<String> labels = new ArrayList<>();
        final Map<String, double[]> means = new java.util.LinkedHashMap<>();
        final Map<String, double[]> weights = new java.util.LinkedHashMap<>();
        final Map<String, Double> biases = new java.util.LinkedHashMap<>();
        double[][] cov;
        double maxAbsMean;

        double[] mean(String label) {
            return means.get(label);
        }

        double maxAbsCov() {
            double m = 0;
            for (double[] row : cov) {
                for (double v : row) {
                    m = Math.max(m, Math.abs(v));
                }
            }
            return m;
        }

        static BatchLda fit(List<SyntheticStream.Example> data, int d, double shrinkage) {
            BatchLda b = new BatchLda();
            Map<String, Integer> counts = new java.util.HashMap<>();
            for (SyntheticStream.Example e : data) {
                double[] m = b.means.computeIfAbsent(e.label(), k -> new double[d]);
                if (counts.merge(e.label(), 1, Integer::sum) == 1) {
                    b.labels.add(e.label());
                }
                for (int i = 0; i < d; i++) {
                    m[i] += e.features()[i];
                }
            }
            for (String label : b.labels) {
                double[] m = b.means.get(label);
                for (int i = 0; i < d; i++) {
                    m[i] /= counts.get(label);
                    b.maxAbsMean = Math.max(b.maxAbsMean, Math.abs(m[i]));
                }
            }
            b.cov = new double[d][d];
            for (SyntheticStream.Example e : data) {
                double[] m = b.means.get(e.label());
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        b.cov[i][j] += (e.features()[i] - m[i]) * (e.features()[j] - m[j]);
                    }
                }
            }
            double trace = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    b.cov[i][j] /= data.size();
                }
                trace += b.cov[i][i];
            }
            double[][] shrunk = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    shrunk[i][j] = (1 - shrinkage) * b.cov[i][j];
                }
                shrunk[i][i] += shrinkage * trace / d;
            }
            double[][] inv = invert(shrunk);
            for (String label : b.labels) {
                double[] m = b.means.get(label);
                double[] w = new double[d];
                double q = 0;
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        w[i] += inv[i][j] * m[j];
                    }
                    q += m[i] * w[i];
                }
                b.weights.put(label, w);
                b.biases.put(label, -0.5 * q);
            }
            return b;
        }

        double score(float[] x, String label) {
            double[] w = weights.get(label);
            double s = biases.get(label);
            for (int i = 0; i < w.length; i++) {
                s += w[i] * x[i];
            }
            return s;
        }

        String predict(float[] x) {
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String label : labels) {
                double s = score(x, label);
                if (s > bestScore) {
                    best = label;
                    bestScore = s;
                }
            }
            return best;
        }

        private static double[][] invert(double[][] a) {
            int n = a.length;
            double[][] m = new double[n][2 * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(a[i], 0, m[i], 0, n);
                m[i][n + i] = 1;
            }
            for (int c = 0; c < n; c++) {
                int pivot = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                        pivot = r;
                    }
                }
                double[] t = m[c];
                m[c] = m[pivot];
                m[pivot] = t;
                double div = m[c][c];
                for (int j = 0; j < 2 * n; j++) {
                    m[c][j] /= div;
                }
                for (int r = 0; r < n; r++) {
                    if (r != c && m[r][c] != 0) {
                        double f = m[r][c];
                        for (int j = 0; j < 2 * n; j++) {
                            m[r][j] -= f * m[c][j];
                        }
                    }
                }
            }
            double[][] inv = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(m[i], n, inv[i], 0, n);
            }
            return inv;
        }
    }
}
