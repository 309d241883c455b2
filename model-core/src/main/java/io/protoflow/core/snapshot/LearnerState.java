package io.protoflow.core.snapshot;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything needed to rebuild a learner: its type name, feature dimension, parameters and
 * per-class state, plus (format version 2) an optional shared covariance and an optional feature
 * map in front of the learner. Immutable; parameters and classes keep their insertion order, so
 * encoding is deterministic. Learner-specific consistency (e.g. prototype count per class) is
 * checked by the learner that restores it.
 *
 * <p>When a feature map is present, {@code dimension} is the raw input dimension (the map's input)
 * while prototypes and covariance live in the mapped space of {@link #learnedDimension()}.
 *
 * @param learnerType the learner type name, e.g. {@code "ncm"}
 * @param dimension the feature dimension of the learner's input, >= 1
 * @param params the learner parameters (copied, insertion order kept)
 * @param classes the classes in first-appearance order (copied), labels distinct
 * @param covariance the shared covariance (streaming LDA), or null when the learner keeps none
 * @param featureMap the feature map in front of the learner, or null when it sees raw features
 */
public record LearnerState(
        String learnerType,
        int dimension,
        Map<String, String> params,
        List<ClassState> classes,
        CovarianceState covariance,
        FeatureMapState featureMap) {

    /** A state without covariance or feature map (everything format version 1 can hold). */
    public LearnerState(
            String learnerType,
            int dimension,
            Map<String, String> params,
            List<ClassState> classes) {
        this(learnerType, dimension, params, classes, null, null);
    }

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
        if (featureMap != null && featureMap.inputDimension() != dimension) {
            throw new IllegalArgumentException(
                    "featureMap inputDimension is "
                            + featureMap.inputDimension()
                            + ", learner dimension is "
                            + dimension);
        }
        int learned = featureMap == null ? dimension : featureMap.outputDimension();
        if (covariance != null && covariance.dimension() != learned) {
            throw new IllegalArgumentException(
                    "covariance dimension is "
                            + covariance.dimension()
                            + ", the learned feature space has "
                            + learned);
        }
    }

    /**
     * The dimension of the space the classes (and covariance) live in: the feature map's output
     * dimension when there is one, else {@link #dimension()}.
     */
    public int learnedDimension() {
        return featureMap == null ? dimension : featureMap.outputDimension();
    }

    /** Whether the state holds anything only format version 2 can encode. */
    public boolean needsFormatVersion2() {
        return covariance != null || featureMap != null;
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
