/**
 * The search service: keeps a {@link io.protoflow.core.index.DocumentIndex} up to date from the
 * index-update topic and answers BM25, dense and hybrid searches over HTTP (JSON) and over the
 * search-queries / search-results topics. The index's Lucene commits carry the topic offsets they
 * include, which is how the service recovers after a restart without losing or duplicating
 * documents.
 */
package io.protoflow.search;
