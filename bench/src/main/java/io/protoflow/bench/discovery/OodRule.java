package io.protoflow.bench.discovery;

import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.learn.Vectors;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The deliberately simple out-of-distribution rules the discovery evaluation routes records with
 * (proper scorers live in model-core's OOD package; this harness does not depend on them). Each
 * flags a record whose score exceeds the {@code q} quantile of the same score over known-class
 * training rows (exact quantile: the rows are in memory). Spec:
 *
 * <ul>
 *   <li>{@code prototype}: distance to the nearest known class mean;
 *   <li>{@code knn:K}: distance to the K-th nearest known training row (calibrated leave-one-out on
 *       a seeded sample of 2000 known rows), the deep-nearest-neighbour rule of Sun et al. (2022);
 *   <li>{@code oracle}: exactly the held-out classes' records, a diagnostic upper bound that
 *       separates clustering from routing errors.
 * </ul>
 */
public abstract sealed class OodRule {

    private static final int KNN_CALIBRATION_SAMPLE = 2000;

    private double threshold = Double.NaN;

    /** The score of a mapped record: larger is more unusual. */
    abstract double score(float[] x);

    /** Whether a record is OOD; {@code isNovel} is its ground truth, used only by the oracle. */
    boolean isOod(float[] x, boolean isNovel) {
        return score(x) > threshold;
    }

    /** The score threshold (NaN for the oracle). */
    double threshold() {
        return threshold;
    }

    /**
     * Builds and calibrates a rule.
     *
     * @param spec {@code prototype}, {@code knn:K} or {@code oracle}
     * @param known the known classes' mapped training rows
     * @param learner the class-mean learner of those rows
     * @param quantile the in-distribution quantile, in (0, 1)
     * @param seed the calibration sample's seed
     * @throws IllegalArgumentException for an unknown spec, naming it
     */
    static OodRule fit(
            String spec,
            List<float[]> known,
            NearestClassMean learner,
            double quantile,
            long seed) {
        String s = spec.trim();
        OodRule rule;
        double[] scores;
        if (s.equals("oracle")) {
            return new Oracle();
        } else if (s.equals("prototype")) {
            rule = new Prototype(learner);
            scores = new double[known.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = rule.score(known.get(i));
            }
        } else if (s.startsWith("knn:")) {
            int k;
            try {
                k = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                k = 0;
            }
            if (k < 1 || k >= known.size()) {
                throw new IllegalArgumentException(
                        "--ood-rule '" + spec + "': K must be in [1, " + (known.size() - 1) + "]");
            }
            Knn knn = new Knn(known, k);
            Integer[] order = new Integer[known.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Collections.shuffle(Arrays.asList(order), new Random(seed));
            scores = new double[Math.min(KNN_CALIBRATION_SAMPLE, order.length)];
            for (int i = 0; i < scores.length; i++) {
                // leave-one-out: the row itself is its own nearest neighbour at distance 0
                scores[i] = knn.kthDistance(known.get(order[i]), k + 1);
            }
            rule = knn;
        } else {
            throw new IllegalArgumentException(
                    "--ood-rule '" + spec + "' is not one of prototype, knn:K, oracle");
        }
        Arrays.sort(scores);
        rule.threshold = scores[(int) Math.ceil(quantile * scores.length) - 1];
        return rule;
    }

    private static final class Prototype extends OodRule {
        private final NearestClassMean learner;

        Prototype(NearestClassMean learner) {
            this.learner = learner;
        }

        @Override
        double score(float[] x) {
            // the top class-mean score is the negated squared distance
            return Math.sqrt(-learner.predict(x).top().orElseThrow().score());
        }
    }

    private static final class Knn extends OodRule {
        private final List<float[]> rows;
        private final int k;

        Knn(List<float[]> rows, int k) {
            this.rows = rows;
            this.k = k;
        }

        @Override
        double score(float[] x) {
            return kthDistance(x, k);
        }

        /** The distance to the {@code kth} nearest row, by insertion into a sorted top list. */
        double kthDistance(float[] x, int kth) {
            double[] best = new double[kth];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (float[] r : rows) {
                double d = Vectors.squaredDistance(x, r);
                if (d < best[kth - 1]) {
                    int i = kth - 1;
                    while (i > 0 && best[i - 1] > d) {
                        best[i] = best[i - 1];
                        i--;
                    }
                    best[i] = d;
                }
            }
            return Math.sqrt(best[kth - 1]);
        }
    }

    private static final class Oracle extends OodRule {
        @Override
        double score(float[] x) {
            return Double.NaN;
        }

        @Override
        boolean isOod(float[] x, boolean isNovel) {
            return isNovel;
        }
    }
}
