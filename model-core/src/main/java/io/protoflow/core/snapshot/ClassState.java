package io.protoflow.core.snapshot;

import java.util.List;

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
}
