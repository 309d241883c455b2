package io.protoflow.flink.documents;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.stream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Builders of documents and the records that carry them. */
final class TestDocuments {

    static final String TOPIC = "protoflow.documents";

    private TestDocuments() {}

    static Document upsert(String id, String index, String title, String text) {
        return Document.newBuilder()
                .setId(id)
                .setOp(DocumentOp.UPSERT)
                .setIndex(index)
                .setTitle(title)
                .setText(text)
                .setFields(Map.of("source", "test"))
                .setEventTime(Instant.ofEpochMilli(1_000 + id.length()))
                .build();
    }

    static Document delete(String id, String index) {
        return Document.newBuilder()
                .setId(id)
                .setOp(DocumentOp.DELETE)
                .setIndex(index)
                .setTitle(null)
                .setText(null)
                .setEventTime(Instant.ofEpochMilli(2_000))
                .build();
    }

    static byte[] bytes(Document doc) {
        return Topics.DOCUMENTS.codec().encode(doc);
    }

    static RawRecord raw(long offset, String key, byte[] value) {
        return new RawRecord(
                TOPIC,
                0,
                offset,
                10 + offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value);
    }

    static SourcedDocument sourced(long offset, Document doc) {
        return new SourcedDocument(raw(offset, doc.getId(), bytes(doc)), doc);
    }

    static SourcedDocument tombstone(long offset, String key) {
        return new SourcedDocument(raw(offset, key, null), null);
    }
}
