package io.protoflow.search;

import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.schemas.SearchHit;
import io.protoflow.schemas.SearchMode;
import io.protoflow.schemas.SearchQuery;
import io.protoflow.schemas.SearchResults;
import java.time.Instant;
import java.util.List;

/** Maps search queries and results between their Avro records and the core index types. */
public final class SearchMapper {

    /** Filter key that selects a topic prototype rather than a stored field. */
    public static final String TOPIC_FILTER = "topic";

    private SearchMapper() {}

    /** The core mode of an Avro mode. */
    public static RetrievalMode mode(SearchMode mode) {
        return switch (mode) {
            case BM25 -> RetrievalMode.BM25;
            case DENSE -> RetrievalMode.DENSE;
            case HYBRID -> RetrievalMode.HYBRID;
        };
    }

    /** The Avro mode of a core mode. */
    public static SearchMode mode(RetrievalMode mode) {
        return switch (mode) {
            case BM25 -> SearchMode.BM25;
            case DENSE -> SearchMode.DENSE;
            case HYBRID -> SearchMode.HYBRID;
        };
    }

    /** The query's vector, or null when it carries none. */
    public static float[] vector(SearchQuery query) {
        List<Float> v = query.getVector();
        if (v == null) {
            return null;
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /** The answer to a query that ran. */
    public static SearchResults results(
            SearchQuery query, List<IndexHit> hits, long totalDocs, long tookMicros, long now) {
        return SearchResults.newBuilder()
                .setQueryId(query.getQueryId())
                .setIndex(query.getIndex())
                .setMode(query.getMode())
                .setHits(
                        hits.stream()
                                .map(
                                        h ->
                                                SearchHit.newBuilder()
                                                        .setDocId(h.id())
                                                        .setRank(h.rank())
                                                        .setScore(h.score())
                                                        .setTitle(h.title())
                                                        .setFields(h.fields())
                                                        .build())
                                .toList())
                .setTotalDocs(totalDocs)
                .setTookMicros(tookMicros)
                .setAnsweredAt(Instant.ofEpochMilli(now))
                .setError(null)
                .build();
    }

    /** The answer to a query that could not run. */
    public static SearchResults error(SearchQuery query, String error, long totalDocs, long now) {
        return SearchResults.newBuilder()
                .setQueryId(query.getQueryId())
                .setIndex(query.getIndex())
                .setMode(query.getMode())
                .setHits(List.of())
                .setTotalDocs(totalDocs)
                .setTookMicros(0)
                .setAnsweredAt(Instant.ofEpochMilli(now))
                .setError(error)
                .build();
    }
}
