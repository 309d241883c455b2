package io.protoflow.bench.search;

import io.protoflow.core.index.DocumentIndex;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.core.index.SearchRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs every query of a collection in one mode against an index and averages nDCG@10, MRR@10 and
 * Recall@100; keeps the ranked lists so that two indexes can be compared list by list.
 *
 * @param mode the mode run
 * @param ndcg10 mean nDCG@10
 * @param mrr10 mean reciprocal rank within 10
 * @param recall100 mean recall within 100
 * @param rankings per query id, the top 100 document ids
 */
public record RetrievalRun(
        RetrievalMode mode,
        double ndcg10,
        double mrr10,
        double recall100,
        Map<String, List<String>> rankings) {

    /** Hits retrieved per query: enough for Recall@100. */
    public static final int DEPTH = 100;

    /** Runs the queries; {@code queryVectors} are in the order of {@code collection.queries()}. */
    public static RetrievalRun run(
            DocumentIndex index, Cranfield collection, float[][] queryVectors, RetrievalMode mode) {
        return run(index::search, collection, queryVectors, mode);
    }

    /**
     * Runs the queries against any searcher (an index in this process, or a running search
     * service); {@code queryVectors} are in the order of {@code collection.queries()}.
     */
    public static RetrievalRun run(
            Function<SearchRequest, List<IndexHit>> searcher,
            Cranfield collection,
            float[][] queryVectors,
            RetrievalMode mode) {
        double ndcg = 0;
        double mrr = 0;
        double recall = 0;
        Map<String, List<String>> rankings = new LinkedHashMap<>();
        List<Cranfield.CranfieldQuery> queries = collection.queries();
        for (int i = 0; i < queries.size(); i++) {
            Cranfield.CranfieldQuery q = queries.get(i);
            List<String> ranked =
                    searcher
                            .apply(SearchRequest.of(q.text(), queryVectors[i], mode, DEPTH))
                            .stream()
                            .map(IndexHit::id)
                            .toList();
            Map<String, Integer> grades = collection.judgements().getOrDefault(q.id(), Map.of());
            ndcg += RankingMetrics.ndcg(ranked, grades, 10);
            mrr += RankingMetrics.reciprocalRank(ranked, grades, 10);
            recall += RankingMetrics.recall(ranked, grades, DEPTH);
            rankings.put(q.id(), ranked);
        }
        int n = queries.size();
        return new RetrievalRun(mode, ndcg / n, mrr / n, recall / n, rankings);
    }

    /** Number of queries whose ranked list equals the other run's, id for id. */
    public int identicalRankings(RetrievalRun other) {
        int same = 0;
        for (Map.Entry<String, List<String>> e : rankings.entrySet()) {
            if (e.getValue().equals(other.rankings.get(e.getKey()))) {
                same++;
            }
        }
        return same;
    }
}
