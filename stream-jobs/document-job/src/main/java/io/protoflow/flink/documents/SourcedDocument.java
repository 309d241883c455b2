package io.protoflow.flink.documents;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import java.nio.charset.StandardCharsets;

/**
 * A decoded, validated document with the coordinates of the Kafka record it came from, so a later
 * stage can still dead-letter it with its origin. A tombstone (a record with a key and no value)
 * has {@code document == null} and deletes the document whose id is the key.
 *
 * <p>A Flink POJO (public fields, no-arg constructor); the document travels as Avro.
 */
public class SourcedDocument {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;

    /** The record key: the document id. */
    public String key;

    /** The document, or null for a tombstone. */
    public Document document;

    /** For Flink's POJO serializer. */
    public SourcedDocument() {}

    /** A document (or, with {@code document == null}, a tombstone) read from {@code raw}. */
    public SourcedDocument(RawRecord raw, Document document) {
        this.topic = raw.topic;
        this.partition = raw.partition;
        this.offset = raw.offset;
        this.timestamp = raw.timestamp;
        this.key = raw.key == null ? null : new String(raw.key, StandardCharsets.UTF_8);
        this.document = document;
    }

    /** Whether this record removes a document (a DELETE record or a tombstone). */
    public boolean isDeletion() {
        return document == null || document.getOp() == DocumentOp.DELETE;
    }

    /** The id of the document this record is about. */
    public String documentId() {
        return document == null ? key : document.getId();
    }

    /**
     * The collection of the document: the key of the topic-assignment stage. Tombstones carry no
     * collection and use the empty string.
     */
    public String collection() {
        return document == null ? "" : document.getIndex();
    }
}
