package io.protoflow.flink.documents;

/**
 * A document after the encoding stage: its vector, or why it could not be encoded. Deletions pass
 * through without a vector.
 *
 * <p>A Flink POJO (public fields, no-arg constructor).
 */
public class EncodedDocument {
    public SourcedDocument source;

    /** The sentence vector of title and text; null for deletions and failures. */
    public float[] vector;

    /** Dead-letter error class when encoding failed, else null. */
    public String errorClass;

    /** What went wrong when encoding failed, else null. */
    public String error;

    /** For Flink's POJO serializer. */
    public EncodedDocument() {}

    private EncodedDocument(
            SourcedDocument source, float[] vector, String errorClass, String error) {
        this.source = source;
        this.vector = vector;
        this.errorClass = errorClass;
        this.error = error;
    }

    /** An encoded upsert. */
    public static EncodedDocument encoded(SourcedDocument source, float[] vector) {
        return new EncodedDocument(source, vector, null, null);
    }

    /** A deletion, which needs no vector. */
    public static EncodedDocument deletion(SourcedDocument source) {
        return new EncodedDocument(source, null, null, null);
    }

    /** A document the encoder failed on. */
    public static EncodedDocument failed(SourcedDocument source, String errorClass, String error) {
        return new EncodedDocument(source, null, errorClass, error);
    }

    /** The key of the topic-assignment stage: the document's collection. */
    public String collection() {
        return source.collection();
    }
}
