package io.protoflow.core.index;

import io.protoflow.core.learn.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Online topic prototypes: spherical DP-means over document vectors. A document joins the topic
 * whose centre (the normalised mean of its members) is most similar by cosine, and opens a new
 * topic when no centre reaches {@link TopicConfig#minSimilarity()}, so the number of topics follows
 * the data up to {@link TopicConfig#maxTopics()}. One assignment costs {@code O(topics *
 * dimension)}. Topic ids are dense and permanent (0, 1, 2, ... in order of creation), so they serve
 * as partition keys and search filters.
 *
 * <p>Deterministic for a given input order (no randomness is involved, so no seed); not
 * thread-safe.
 */
public final class TopicPrototypes {

    private final TopicConfig config;
    private final int dimension;
    private final List<double[]> sums = new ArrayList<>();
    private final List<double[]> centres = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();

    /** Empty prototypes for vectors of this dimension. */
    public TopicPrototypes(TopicConfig config, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.config = config;
        this.dimension = dimension;
    }

    /** Prototypes in the state of a snapshot. */
    public static TopicPrototypes restore(TopicState state) {
        TopicPrototypes p = new TopicPrototypes(state.config(), state.dimension());
        List<double[]> sums = state.sums();
        for (int t = 0; t < sums.size(); t++) {
            p.sums.add(sums.get(t));
            p.centres.add(normalised(sums.get(t)));
            p.counts.add(state.counts().get(t));
        }
        return p;
    }

    /**
     * Assigns the vector to a topic and moves that topic's centre towards it.
     *
     * @return the topic id
     * @throws IllegalArgumentException if the vector has the wrong dimension or is not finite
     */
    public int assign(float[] vector) {
        Vectors.requireValid(vector, dimension);
        double[] x = normalised(vector);
        int best = nearestTo(x);
        // the winner's similarity again: one dot product against the scan's topics x dimension
        double bestSim = best < 0 ? Double.NEGATIVE_INFINITY : dot(centres.get(best), x);
        if (best < 0 || (bestSim < config.minSimilarity() && centres.size() < config.maxTopics())) {
            sums.add(x.clone());
            centres.add(x);
            counts.add(1L);
            return centres.size() - 1;
        }
        double[] sum = sums.get(best);
        for (int i = 0; i < dimension; i++) {
            sum[i] += x[i];
        }
        centres.set(best, normalised(sum));
        counts.set(best, counts.get(best) + 1);
        return best;
    }

    /** The topic whose centre is most similar to the vector, without learning; -1 if none yet. */
    public int nearest(float[] vector) {
        Vectors.requireValid(vector, dimension);
        return nearestTo(normalised(vector));
    }

    /**
     * Index of the centre most similar to the unit vector {@code x} (first on ties); -1 if none.
     */
    private int nearestTo(double[] x) {
        int best = -1;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < centres.size(); t++) {
            double sim = dot(centres.get(t), x);
            if (sim > bestSim) {
                bestSim = sim;
                best = t;
            }
        }
        return best;
    }

    /** Number of topics so far. */
    public int topicCount() {
        return centres.size();
    }

    /** Members assigned to the topic so far. */
    public long count(int topic) {
        return counts.get(topic);
    }

    /** The unit-length centre of the topic. */
    public float[] centre(int topic) {
        double[] c = centres.get(topic);
        float[] f = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            f[i] = (float) c[i];
        }
        return f;
    }

    /** An immutable snapshot of the current state. */
    public TopicState snapshot() {
        return new TopicState(TopicState.VERSION, config, dimension, sums, counts);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] normalised(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n == 0 ? 0 : v[i] / n;
        }
        return out;
    }

    private static double[] normalised(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return normalised(d);
    }
}
