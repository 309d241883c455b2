package io.protoflow.core.ood;

import io.protoflow.core.learn.Vectors;
import io.protoflow.core.snapshot.LearnerState;

/**
 * Maximum cosine similarity to the learner's prototypes, negated: {@code score(x) = -max_j
 * cos(phi(x), p_j)} over every prototype of every class, in {@code [-1, 1]}. An input that points
 * the way some prototype points is familiar; one that points away from all of them is not. It
 * ignores the input's length, so it suits direction-coded features (normalised embeddings) better
 * than raw intensities.
 *
 * <p>Works with every learner: one prototype per class for {@code ncm} and {@code streaming-lda}
 * (the class means), several for {@code prototype-mixture}; behind a feature map ({@code
 * random-features}) the input is mapped first. No parameters. A zero input or prototype has cosine
 * 0. Cost per score: one dot product per prototype.
 */
public final class MaxCosineScorer implements OodScorer {

    /** The name under which {@link OodScorers} knows this scorer. */
    public static final String NAME = "max-cosine";

    private final int dimension;
    private LearnerView view;
    private double[][] unitPrototypes = new double[0][];

    /**
     * Creates a scorer for learners of input dimension {@code dimension}.
     *
     * @throws IllegalArgumentException if {@code dimension < 1}
     */
    public MaxCosineScorer(int dimension) {
        this.dimension = OodScorers.requireDimension(dimension);
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
        LearnerView v = LearnerView.of(learner, dimension, view);
        double[][] unit = new double[v.prototypes.length][];
        for (int j = 0; j < unit.length; j++) {
            double[] p = v.prototypes[j].clone();
            double norm = Vectors.norm(p);
            if (norm > 0.0) {
                for (int i = 0; i < p.length; i++) {
                    p[i] /= norm;
                }
            }
            unit[j] = p;
        }
        view = v;
        unitPrototypes = unit;
    }

    @Override
    public boolean ready() {
        return unitPrototypes.length > 0;
    }

    @Override
    public double score(float[] features) {
        Vectors.requireValid(features, dimension);
        OodScorers.requireReady(this);
        float[] x = view.learned(features);
        double norm = Vectors.norm(x);
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : unitPrototypes) {
            best = Math.max(best, norm > 0.0 ? Vectors.dot(x, p) / norm : 0.0);
        }
        return -best;
    }
}
