package io.protoflow.core.index;

/**
 * How the document index searches.
 *
 * @param dimension length of the document vectors
 * @param knnCandidates HNSW candidates explored per dense query (at least k); more raises recall
 *     and cost
 * @param fusionDepth hits taken from each of BM25 and dense before reciprocal-rank fusion
 * @param rrfRankConstant the constant of reciprocal-rank fusion, {@code 1 / (c + rank)}; 60 is the
 *     usual choice
 */
public record IndexConfig(int dimension, int knnCandidates, int fusionDepth, int rrfRankConstant) {

    public IndexConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (knnCandidates < 1) {
            throw new IllegalArgumentException("knnCandidates must be >= 1, got " + knnCandidates);
        }
        if (fusionDepth < 1) {
            throw new IllegalArgumentException("fusionDepth must be >= 1, got " + fusionDepth);
        }
        if (rrfRankConstant < 1) {
            throw new IllegalArgumentException(
                    "rrfRankConstant must be >= 1, got " + rrfRankConstant);
        }
    }

    /** 100 HNSW candidates, fusion of the top 100 of each list, rank constant 60. */
    public static IndexConfig defaults(int dimension) {
        return new IndexConfig(dimension, 100, 100, 60);
    }
}
