package io.protoflow.flink.documents;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.flink.learner.DecodeRecords;
import io.protoflow.schemas.Document;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.mapping.ExampleMapper;

/**
 * Decodes and validates records of the documents topic with {@link DocumentMapper}'s checks
 * (missing id, empty text, invalid UTF-8, oversized text). A tombstone with a document-id key is a
 * deletion; records that fail go to the dead-letter side output with their reason.
 */
public final class DecodeDocuments extends DecodeRecords<Document, SourcedDocument> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    public static final String STAGE = "decode";

    private final int maxTextBytes;

    /**
     * A decoder for the named job.
     *
     * @param maxRecordBytes larger record values are rejected before decoding
     * @param maxTextBytes larger title plus text (UTF-8) is rejected after decoding
     */
    public DecodeDocuments(String jobName, int maxRecordBytes, int maxTextBytes) {
        super(jobName, maxRecordBytes, Document.class, STAGE, "documentsIn");
        this.maxTextBytes = maxTextBytes;
    }

    @Override
    protected SourcedDocument accept(RawRecord raw, Document document) {
        DocumentMapper.validate(document, maxTextBytes);
        return new SourcedDocument(raw, document);
    }

    @Override
    protected SourcedDocument acceptTombstone(RawRecord raw) {
        if (raw.key == null || raw.key.length == 0) {
            throw new BadRecordException(
                    ExampleMapper.MISSING_ID, "tombstone without a document id key");
        }
        return new SourcedDocument(raw, null);
    }

    @Override
    protected String modelIdOf(Document document) {
        return null;
    }
}
