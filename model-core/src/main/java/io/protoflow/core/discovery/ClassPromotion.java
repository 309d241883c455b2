package io.protoflow.core.discovery;

import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.learn.Learner;
import java.util.Arrays;
import java.util.List;

/**
 * A candidate turned into a class once labels arrived for its members: the buffered members with
 * the labels to learn them under (their own label when one arrived, else the majority label).
 * Learning them ({@link #applyTo}) adds the class to a learner without retraining, and exactly: a
 * class mean or a streaming LDA learner ends in the state it would have reached had these examples
 * arrived labelled. Immutable.
 *
 * @param candidateId the promoted candidate's id
 * @param label the majority label among the labelled members
 * @param prototype the cluster centre at promotion
 * @param examples the members to learn, in buffer order (their features are in the space of the
 *     known prototypes)
 */
public record ClassPromotion(
        String candidateId, String label, double[] prototype, List<LabelledVector> examples) {

    public ClassPromotion {
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("candidateId is blank: '" + candidateId + "'");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label is blank: '" + label + "'");
        }
        if (prototype == null) {
            throw new IllegalArgumentException("prototype is null");
        }
        prototype = prototype.clone();
        examples = List.copyOf(examples);
    }

    /** A copy of the prototype. */
    @Override
    public double[] prototype() {
        return prototype.clone();
    }

    /**
     * Learns every member into {@code learner} under its label. The learner must learn in the
     * prototypes' space: for a {@link io.protoflow.core.learn.FeatureExpandedLearner} pass its
     * {@code inner()} learner.
     *
     * @throws IllegalArgumentException if the learner's dimension differs from the features'
     */
    public void applyTo(Learner learner) {
        if (learner == null) {
            throw new IllegalArgumentException("learner is null");
        }
        if (!examples.isEmpty() && learner.dimension() != examples.get(0).dimension()) {
            throw new IllegalArgumentException(
                    "learner dimension is "
                            + learner.dimension()
                            + ", promoted features have "
                            + examples.get(0).dimension()
                            + " (a learner behind a feature map learns through its inner()"
                            + " learner)");
        }
        for (LabelledVector e : examples) {
            learner.learn(e.features(), e.label());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassPromotion p
                && candidateId.equals(p.candidateId)
                && label.equals(p.label)
                && Arrays.equals(prototype, p.prototype)
                && examples.equals(p.examples);
    }

    @Override
    public int hashCode() {
        return (candidateId.hashCode() * 31 + label.hashCode()) * 31 + examples.hashCode();
    }

    @Override
    public String toString() {
        return "ClassPromotion[candidateId="
                + candidateId
                + ", label="
                + label
                + ", examples="
                + examples.size()
                + "]";
    }
}
