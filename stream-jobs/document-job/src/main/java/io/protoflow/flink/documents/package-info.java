/**
 * The document job: reads the documents topic (upserts, DELETE records and tombstones by id),
 * decodes and validates each record (bad ones become dead letters with their reason), encodes texts
 * with the sentence encoder in micro-batches inside Flink's async I/O operator (so buffered
 * documents are checkpointed and checkpoints never wait for a batch), assigns each document to the
 * online topic prototypes of its collection, and writes index updates to the compacted
 * index-updates topic through an exactly-once sink. Entry point: {@link
 * io.protoflow.flink.documents.DocumentJob}.
 */
package io.protoflow.flink.documents;
