package io.protoflow.core.index;

/** How a query is matched against the index. */
public enum RetrievalMode {
    /** BM25 over the analysed title and text. */
    BM25,
    /** Approximate nearest neighbours (HNSW, cosine) of the query vector. */
    DENSE,
    /** BM25 and dense, fused by reciprocal rank. */
    HYBRID
}
