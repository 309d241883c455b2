package io.protoflow.core.index;

import java.util.Map;

/**
 * One query.
 *
 * @param text query text, needed for BM25 and HYBRID
 * @param vector query vector, needed for DENSE and HYBRID
 * @param mode how to match
 * @param k hits wanted, >= 1
 * @param topic only documents of this topic, or null for all
 * @param filters exact-match filters on stored fields; all must match
 */
public record SearchRequest(
        String text,
        float[] vector,
        RetrievalMode mode,
        int k,
        Integer topic,
        Map<String, String> filters) {

    public SearchRequest {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (mode != RetrievalMode.DENSE && text == null) {
            throw new IllegalArgumentException("text must not be null in mode " + mode);
        }
        if (mode != RetrievalMode.BM25 && vector == null) {
            throw new IllegalArgumentException("vector must not be null in mode " + mode);
        }
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }

    /** A query without filters. */
    public static SearchRequest of(String text, float[] vector, RetrievalMode mode, int k) {
        return new SearchRequest(text, vector, mode, k, null, Map.of());
    }
}
