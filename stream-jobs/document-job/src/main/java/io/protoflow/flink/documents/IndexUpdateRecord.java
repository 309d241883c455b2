package io.protoflow.flink.documents;

import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.avro.AvroCodec;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record for the compacted index-updates topic: the document id as key and an encoded {@link
 * IndexUpdate} as value, or no value (a tombstone, which lets compaction drop a deleted document's
 * key).
 *
 * <p>A Flink POJO (public fields, no-arg constructor).
 */
public class IndexUpdateRecord {
    private static final AvroCodec<IndexUpdate> CODEC = AvroCodec.of(IndexUpdate.class);

    public String key;

    /** Avro single-object bytes of an {@link IndexUpdate}, or null for a tombstone. */
    public byte[] value;

    /** For Flink's POJO serializer. */
    public IndexUpdateRecord() {}

    private IndexUpdateRecord(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    /** The record of an update, keyed by its document id. */
    public static IndexUpdateRecord of(IndexUpdate update) {
        return new IndexUpdateRecord(update.getId(), CODEC.encode(update));
    }

    /** The tombstone of a document id. */
    public static IndexUpdateRecord tombstone(String documentId) {
        return new IndexUpdateRecord(documentId, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexUpdateRecord r
                && Objects.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return key + (value == null ? " (tombstone)" : " (" + value.length + " bytes)");
    }
}
