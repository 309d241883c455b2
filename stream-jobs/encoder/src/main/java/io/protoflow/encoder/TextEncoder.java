package io.protoflow.encoder;

import java.util.List;

/**
 * Turns texts into dense vectors whose cosine similarity reflects meaning. Implementations return
 * L2-normalised vectors, so a dot product is the cosine; vectors of different {@link #id() ids} are
 * not comparable.
 */
public interface TextEncoder extends AutoCloseable {

    /**
     * Encodes a batch of texts, one row per text in input order, each of length {@link
     * #dimension()} and unit L2 norm. Batching amortises the per-call cost of the model, so callers
     * should pass many texts at once.
     *
     * @throws IllegalArgumentException if a text is null
     */
    float[][] encode(List<String> texts);

    /** Encodes one text. */
    default float[] encode(String text) {
        return encode(List.of(text))[0];
    }

    /** Length of every vector this encoder returns. */
    int dimension();

    /** Id of the model, e.g. {@code all-minilm-l6-v2-q}; written next to every vector. */
    String id();

    /** Releases the model's native memory. */
    @Override
    void close();
}
