/**
 * Document search logic: a Lucene index of documents with BM25 over their text and HNSW over their
 * sentence vectors, fused by reciprocal rank ({@link io.protoflow.core.index.DocumentIndex}), and
 * online topic prototypes that cluster document vectors into topics usable as keys and filters
 * ({@link io.protoflow.core.index.TopicPrototypes}). Pure Java and Lucene: the Kafka consumer and
 * the Flink job that feed it live in stream-jobs.
 */
package io.protoflow.core.index;
