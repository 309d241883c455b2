package io.protoflow.core.index;

import java.util.Map;

/**
 * One search result.
 *
 * @param id document id
 * @param rank 1 for the best hit
 * @param score BM25 score, cosine similarity or fused reciprocal-rank score, by mode
 * @param title stored title, or null
 * @param topic stored topic, or null
 * @param fields stored attributes
 */
public record IndexHit(
        String id,
        int rank,
        double score,
        String title,
        Integer topic,
        Map<String, String> fields) {

    public IndexHit {
        fields = Map.copyOf(fields);
    }
}
