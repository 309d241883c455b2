package io.protoflow.core.snapshot;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything needed to rebuild a learner: its type name, feature dimension, parameters and
 * per-class state. Immutable; parameters and classes keep their insertion order, so encoding is
 * deterministic. Learner-specific consistency (e.g. prototype count per class) is checked by the
 * learner that restores it.
 *
 * @param learnerType the learner type name, e.g. {@code "ncm"}
 * @param dimension the feature dimension, >= 1
 * @param params the learner parameters (copied, insertion order kept)
 * @param classes the classes in first-appearance order (copied), labels distinct
 */
public record LearnerState(
        String learnerType, int dimension, Map<String, String> params, List<ClassState> classes) {

    public LearnerState {
        if (learnerType == null || learnerType.isBlank()) {
            throw new IllegalArgumentException("learnerType is blank: '" + learnerType + "'");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (params == null) {
            throw new IllegalArgumentException("params is null");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "params may not hold null keys or values, got "
                                + e.getKey()
                                + "="
                                + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        params = Collections.unmodifiableMap(copy);
        if (classes == null) {
            throw new IllegalArgumentException("classes is null");
        }
        classes = List.copyOf(classes);
        Set<String> labels = new HashSet<>();
        for (ClassState c : classes) {
            if (!labels.add(c.label())) {
                throw new IllegalArgumentException(
                        "classes has duplicate label '" + c.label() + "'");
            }
        }
    }

    /** The labels of all classes, in order. */
    public List<String> labels() {
        return classes.stream().map(ClassState::label).toList();
    }

    /** The total count over all classes. */
    public long examplesSeen() {
        long sum = 0;
        for (ClassState c : classes) {
            sum += c.count();
        }
        return sum;
    }
}
