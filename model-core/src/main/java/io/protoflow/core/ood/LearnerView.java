package io.protoflow.core.ood;

import io.protoflow.core.learn.RandomFeatureMap;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.ArrayList;
import java.util.List;

/**
 * What the state-reading scorers need from a learner snapshot: the feature map in front of it (if
 * any), every prototype, and each class's mean (the weighted mean of its prototypes, which for
 * every learner here equals the mean of the class's examples).
 */
final class LearnerView {

    final int inputDimension;
    final int learnedDimension;
    final RandomFeatureMap map;
    final List<String> labels;
    final double[][] classMeans;
    final double[] classWeights;
    final double[][] prototypes;

    private LearnerView(LearnerState state, RandomFeatureMap map) {
        this.inputDimension = state.dimension();
        this.learnedDimension = state.learnedDimension();
        this.map = map;
        List<String> labels = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<double[]> protos = new ArrayList<>();
        for (ClassState c : state.classes()) {
            for (PrototypeState p : c.prototypes()) {
                requireLearnedDimension(c, p);
                protos.add(p.mean());
            }
            c.weightedMean()
                    .ifPresent(
                            mean -> {
                                labels.add(c.label());
                                means.add(mean);
                                weights.add(c.totalWeight());
                            });
        }
        this.labels = List.copyOf(labels);
        this.classMeans = means.toArray(new double[0][]);
        this.classWeights = weights.stream().mapToDouble(Double::doubleValue).toArray();
        this.prototypes = protos.toArray(new double[0][]);
    }

    /**
     * The view of {@code state}, for a scorer of input dimension {@code dimension}; reuses the
     * previous view's feature map when the spec is unchanged (rebuilding it costs a matrix).
     */
    static LearnerView of(LearnerState state, int dimension, LearnerView previous) {
        if (state == null) {
            throw new IllegalArgumentException("learner state is null");
        }
        if (state.dimension() != dimension) {
            throw new IllegalArgumentException(
                    "learner state has dimension "
                            + state.dimension()
                            + ", scorer expects "
                            + dimension);
        }
        RandomFeatureMap map = null;
        if (state.featureMap() != null) {
            map =
                    previous != null
                                    && previous.map != null
                                    && previous.map.spec().equals(state.featureMap())
                            ? previous.map
                            : RandomFeatureMap.fromSpec(state.featureMap());
        }
        return new LearnerView(state, map);
    }

    /** The features as the learner sees them: through its feature map, if it has one. */
    float[] learned(float[] x) {
        return map == null ? x : map.apply(x);
    }

    private void requireLearnedDimension(ClassState c, PrototypeState p) {
        if (p.dimension() != learnedDimension) {
            throw new IllegalArgumentException(
                    "class '"
                            + c.label()
                            + "' has a prototype of dimension "
                            + p.dimension()
                            + ", the learner's feature space has "
                            + learnedDimension);
        }
    }
}
