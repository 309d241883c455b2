package io.protoflow.core.ood;

import io.protoflow.core.learn.Vectors;
import io.protoflow.core.snapshot.LearnerState;

/**
 * The free energy of the input over prototype logits (after Liu et al., energy-based OOD
 * detection): with logits {@code l_j = -|phi(x) - p_j|^2} over every prototype {@code p_j} of every
 * class, {@code score(x) = -T log sum_j exp(l_j / T)}. Low energy means some prototype is near;
 * unlike the nearest distance alone, several near prototypes lower it further.
 *
 * <p>Parameter {@code temperature} {@code T > 0}, default {@value #DEFAULT_TEMPERATURE}, in the
 * units of a squared distance: as {@code T -> 0} the score tends to the squared distance to the
 * nearest prototype; a {@code T} of the order of the typical squared distance blends in the other
 * prototypes. Works with every learner, as {@link MaxCosineScorer} does (prototypes in the
 * learner's feature space, input mapped first). Cost per score: one squared distance per prototype.
 */
public final class EnergyScorer implements OodScorer {

    /** The name under which {@link OodScorers} knows this scorer. */
    public static final String NAME = "energy";

    /** Parameter key of the temperature. */
    public static final String PARAM_TEMPERATURE = "temperature";

    /** Default temperature. */
    public static final double DEFAULT_TEMPERATURE = 1.0;

    private final int dimension;
    private final double temperature;
    private LearnerView view;
    private double[] logits = new double[0];

    /**
     * Creates a scorer for learners of input dimension {@code dimension}.
     *
     * @throws IllegalArgumentException if {@code dimension < 1} or the temperature is not finite
     *     and positive
     */
    public EnergyScorer(int dimension, double temperature) {
        this.dimension = OodScorers.requireDimension(dimension);
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature must be finite and > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** The temperature {@code T}. */
    public double temperature() {
        return temperature;
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
        view = LearnerView.of(learner, dimension, view);
        logits = new double[view.prototypes.length];
    }

    @Override
    public boolean ready() {
        return view != null && view.prototypes.length > 0;
    }

    @Override
    public double score(float[] features) {
        Vectors.requireValid(features, dimension);
        OodScorers.requireReady(this);
        float[] x = view.learned(features);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.length; j++) {
            logits[j] = -Vectors.squaredDistance(x, view.prototypes[j]) / temperature;
            max = Math.max(max, logits[j]);
        }
        double sum = 0.0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        return -temperature * (max + Math.log(sum));
    }
}
