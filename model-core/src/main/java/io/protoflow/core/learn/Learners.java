package io.protoflow.core.learn;

import io.protoflow.core.snapshot.LearnerState;
import java.util.List;
import java.util.Map;

/**
 * Creates learners by type name and restores them from snapshots, so that configuration files, the
 * CLI and streaming jobs name a learner ({@code "ncm"}) instead of a class. New learner types are
 * registered here.
 */
public final class Learners {

    /** The learner type names this build knows. */
    public static final List<String> KNOWN_TYPES =
            List.of(
                    NearestClassMean.TYPE,
                    PrototypeMixture.TYPE,
                    StreamingLda.TYPE,
                    FeatureExpandedLearner.TYPE);

    private Learners() {}

    /**
     * Creates an empty learner.
     *
     * @param type a learner type name, one of {@link #KNOWN_TYPES}
     * @param dimension the feature dimension, >= 1
     * @param params type-specific parameters (may be empty, not null); absent keys take defaults
     * @throws IllegalArgumentException for an unknown type (the message lists the known ones), an
     *     invalid dimension, or an unknown or invalid parameter (the message names key and value)
     */
    public static Learner create(String type, int dimension, Map<String, String> params) {
        if (params == null) {
            throw new IllegalArgumentException("params is null (pass an empty map for defaults)");
        }
        return switch (requireKnownType(type)) {
            case NearestClassMean.TYPE -> NearestClassMean.create(dimension, params);
            case PrototypeMixture.TYPE -> PrototypeMixture.create(dimension, params);
            case StreamingLda.TYPE ->
                    new StreamingLda(dimension, StreamingLda.Params.parse(params));
            case FeatureExpandedLearner.TYPE -> FeatureExpandedLearner.create(dimension, params);
            default -> throw new AssertionError("type listed but not created: " + type);
        };
    }

    /**
     * Rebuilds a learner from its snapshot; the result predicts exactly as the learner that took
     * the snapshot.
     *
     * @throws IllegalArgumentException for an unknown type or a state the type cannot accept
     */
    public static Learner restore(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return switch (requireKnownType(state.learnerType())) {
            case NearestClassMean.TYPE -> NearestClassMean.restore(state);
            case PrototypeMixture.TYPE -> PrototypeMixture.restore(state);
            case StreamingLda.TYPE -> StreamingLda.restore(state);
            case FeatureExpandedLearner.TYPE -> FeatureExpandedLearner.restore(state);
            default ->
                    throw new AssertionError(
                            "type listed but not restored: " + state.learnerType());
        };
    }

    /**
     * Checks that a class label is usable: not null and not blank after trimming. Labels are kept
     * exactly as given (no trimming).
     *
     * @return the label
     * @throws IllegalArgumentException {@code "label is null"} or {@code "label is blank"}
     */
    public static String requireValidLabel(String label) {
        if (label == null) {
            throw new IllegalArgumentException("label is null");
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("label is blank");
        }
        return label;
    }

    private static String requireKnownType(String type) {
        if (type == null || !KNOWN_TYPES.contains(type)) {
            throw new IllegalArgumentException(
                    "unknown learner type '" + type + "', known types: " + KNOWN_TYPES);
        }
        return type;
    }
}
