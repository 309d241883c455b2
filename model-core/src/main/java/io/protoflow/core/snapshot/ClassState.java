package io.protoflow.core.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * The state of one class in a learner: its label, how many examples it has seen and its prototypes
 * (one for a class mean, several for a prototype mixture).
 *
 * @param label the class label, not blank
 * @param count the number of examples learned for this class, >= 0
 * @param prototypes the prototypes (copied, order kept)
 */
public record ClassState(String label, long count, List<PrototypeState> prototypes) {

    public ClassState {
        if (label == null) {
            throw new IllegalArgumentException("label is null");
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("label is blank");
        }
        if (count < 0) {
            throw new IllegalArgumentException(
                    "count of class '" + label + "' must be >= 0, got " + count);
        }
        if (prototypes == null) {
            throw new IllegalArgumentException("prototypes of class '" + label + "' is null");
        }
        prototypes = List.copyOf(prototypes);
    }

    /** The sum of the prototypes' weights. */
    public double totalWeight() {
        double total = 0.0;
        for (PrototypeState p : prototypes) {
            total += p.weight();
        }
        return total;
    }

    /**
     * The weighted mean of the prototypes, which for every learner here is the mean of the class's
     * examples; empty when the class has no weight (no prototype, or all weights 0).
     */
    public Optional<double[]> weightedMean() {
        double total = totalWeight();
        if (!(total > 0.0)) {
            return Optional.empty();
        }
        double[] mean = new double[prototypes.get(0).dimension()];
        for (PrototypeState p : prototypes) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p.weight() * p.mean(i);
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= total;
        }
        return Optional.of(mean);
    }
}
