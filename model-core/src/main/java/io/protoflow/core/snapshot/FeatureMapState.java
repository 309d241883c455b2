package io.protoflow.core.snapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The specification of a deterministic feature map in front of a learner (e.g. seeded random
 * features): enough to rebuild the map exactly, never its matrix.
 *
 * @param type the feature map type, e.g. {@code "random-projection"}, not blank
 * @param inputDimension the raw feature dimension, >= 1
 * @param outputDimension the mapped dimension the learner sees, >= 1
 * @param seed the seed the map is generated from
 * @param params further parameters (copied, insertion order kept), no null keys or values
 */
public record FeatureMapState(
        String type,
        int inputDimension,
        int outputDimension,
        long seed,
        Map<String, String> params) {

    public FeatureMapState {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("feature map type is blank: '" + type + "'");
        }
        if (inputDimension < 1) {
            throw new IllegalArgumentException(
                    "feature map inputDimension must be >= 1, got " + inputDimension);
        }
        if (outputDimension < 1) {
            throw new IllegalArgumentException(
                    "feature map outputDimension must be >= 1, got " + outputDimension);
        }
        if (params == null) {
            throw new IllegalArgumentException("feature map params is null");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "feature map params may not hold null keys or values, got "
                                + e.getKey()
                                + "="
                                + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        params = Collections.unmodifiableMap(copy);
    }
}
