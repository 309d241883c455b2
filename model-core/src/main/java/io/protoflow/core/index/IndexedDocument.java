package io.protoflow.core.index;

import java.util.Map;

/**
 * A document as the index stores it.
 *
 * @param id unique id; an upsert with the same id replaces the document
 * @param title title, or null
 * @param text body text, or null
 * @param vector unit-length sentence vector of the index's dimension, or null (then the document is
 *     found by BM25 only)
 * @param topic topic prototype the document was assigned to, or null
 * @param fields stored attributes, usable as exact-match filters
 */
public record IndexedDocument(
        String id,
        String title,
        String text,
        float[] vector,
        Integer topic,
        Map<String, String> fields) {

    public IndexedDocument {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty, got " + id);
        }
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A document with text and vector only. */
    public static IndexedDocument of(String id, String title, String text, float[] vector) {
        return new IndexedDocument(id, title, text, vector, null, Map.of());
    }
}
