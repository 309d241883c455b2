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
 * @param exactBelow dense queries scan every vector exactly while the index holds fewer documents
 *     than this: below a few thousand documents a scan costs about as much as an HNSW search, and
 *     its results do not depend on how the graph was built (0 to always use HNSW)
 */
public record IndexConfig(
        int dimension, int knnCandidates, int fusionDepth, int rrfRankConstant, int exactBelow) {

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
        if (exactBelow < 0) {
            throw new IllegalArgumentException("exactBelow must be >= 0, got " + exactBelow);
        }
    }

    /**
     * 100 HNSW candidates, fusion of the top 100 of each list, rank constant 60, exact dense search
     * below 10,000 documents.
     */
    public static IndexConfig defaults(int dimension) {
        return new IndexConfig(dimension, 100, 100, 60, 10_000);
    }

    /** This config with another HNSW candidate count. */
    public IndexConfig withKnnCandidates(int candidates) {
        return new IndexConfig(dimension, candidates, fusionDepth, rrfRankConstant, exactBelow);
    }

    /** This config with another exact-search threshold. */
    public IndexConfig withExactBelow(int documents) {
        return new IndexConfig(dimension, knnCandidates, fusionDepth, rrfRankConstant, documents);
    }
}
