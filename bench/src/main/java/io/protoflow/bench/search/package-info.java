/**
 * Retrieval evaluation: the Cranfield test collection, ranking metrics (nDCG, MRR, recall) and the
 * protocols behind {@link io.protoflow.bench.CranfieldEval}: batch and staged indexing, latency at
 * scale and HNSW recall against exact search.
 */
package io.protoflow.bench.search;
