package io.protoflow.core.index;

/**
 * How documents are grouped into topics.
 *
 * @param minSimilarity a document whose cosine similarity to every topic centre is below this opens
 *     a new topic (while fewer than {@code maxTopics} exist); in (-1, 1)
 * @param maxTopics most topics; beyond, documents join their nearest topic
 */
public record TopicConfig(double minSimilarity, int maxTopics) {

    public TopicConfig {
        if (!(minSimilarity > -1 && minSimilarity < 1)) {
            throw new IllegalArgumentException(
                    "minSimilarity must be in (-1, 1), got " + minSimilarity);
        }
        if (maxTopics < 1) {
            throw new IllegalArgumentException("maxTopics must be >= 1, got " + maxTopics);
        }
    }

    /** Cosine 0.5 and at most 64 topics: suits MiniLM sentence vectors. */
    public static TopicConfig defaults() {
        return new TopicConfig(0.5, 64);
    }
}
