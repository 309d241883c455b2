package io.protoflow.core.data;

import java.util.Arrays;

/**
 * One example of a dataset: an identifier, a dense feature vector and a class label. Immutable: the
 * features are copied in and out.
 *
 * @param id identifier unique within its dataset, not blank
 * @param features the feature values (copied)
 * @param label the class label, not blank
 */
public record LabelledVector(String id, float[] features, String label) {

    public LabelledVector {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is blank: '" + id + "'");
        }
        if (features == null) {
            throw new IllegalArgumentException("features of '" + id + "' is null");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label of '" + id + "' is blank: '" + label + "'");
        }
        features = features.clone();
    }

    /** A copy of the feature values. */
    @Override
    public float[] features() {
        return features.clone();
    }

    /** The number of features. */
    public int dimension() {
        return features.length;
    }

    /** The feature at {@code i}, without copying. */
    public float feature(int i) {
        return features[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledVector v
                && id.equals(v.id)
                && label.equals(v.label)
                && Arrays.equals(features, v.features);
    }

    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + label.hashCode()) * 31 + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "LabelledVector[id="
                + id
                + ", label="
                + label
                + ", features="
                + Arrays.toString(features)
                + "]";
    }
}
