package io.protoflow.serving;

import io.protoflow.serving.ood.OodScoring;
import java.util.Objects;

/**
 * What the serving topology needs to know: where its topics are, how many ranked labels a
 * prediction keeps, how many snapshot versions per model stay available for pin and rollback, and
 * how OOD scores are computed.
 *
 * @param topicPrefix prepended to every registry topic name, may be empty
 * @param topK ranked labels per prediction, >= 1
 * @param retainedVersions newest snapshot versions kept per model for pin and rollback, >= 1;
 *     versions a standing pin or rollback names are kept besides
 * @param oodScoring turns a served snapshot and a request into an OOD score and flag
 */
public record ServingConfig(
        String topicPrefix, int topK, int retainedVersions, OodScoring oodScoring) {

    /** Default ranked labels per prediction. */
    public static final int DEFAULT_TOP_K = 5;

    /** Default number of versions kept per model. */
    public static final int DEFAULT_RETAINED_VERSIONS = 20;

    /** Validates the fields. */
    public ServingConfig {
        Objects.requireNonNull(topicPrefix, "topicPrefix must not be null (use \"\")");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        if (retainedVersions < 1) {
            throw new IllegalArgumentException(
                    "retainedVersions must be >= 1, got " + retainedVersions);
        }
        Objects.requireNonNull(oodScoring, "oodScoring");
    }

    /** Registry topic names, default top-k and retention, the calibrated OOD default. */
    public static ServingConfig defaults() {
        return new ServingConfig(
                "", DEFAULT_TOP_K, DEFAULT_RETAINED_VERSIONS, OodScoring.calibrated());
    }

    /** This config with another topic prefix. */
    public ServingConfig withTopicPrefix(String prefix) {
        return new ServingConfig(prefix, topK, retainedVersions, oodScoring);
    }

    /** This config with another number of retained versions. */
    public ServingConfig withRetainedVersions(int versions) {
        return new ServingConfig(topicPrefix, topK, versions, oodScoring);
    }

    /** This config with another OOD scoring. */
    public ServingConfig withOodScoring(OodScoring scoring) {
        return new ServingConfig(topicPrefix, topK, retainedVersions, scoring);
    }

    /** The full name of a registry topic under this config's prefix. */
    public String topic(String registryName) {
        return topicPrefix + registryName;
    }
}
