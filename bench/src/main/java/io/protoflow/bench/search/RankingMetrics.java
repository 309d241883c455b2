package io.protoflow.bench.search;

import java.util.List;
import java.util.Map;

/**
 * Ranking metrics of one result list against graded judgements: nDCG@k with gain = grade and a log2
 * discount, reciprocal rank of the first relevant hit within k, and recall at k. A grade > 0 is
 * relevant; unjudged documents count as not relevant.
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    /** nDCG@k; 0 when the query has no relevant document. */
    public static double ndcg(List<String> ranked, Map<String, Integer> grades, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            dcg += grades.getOrDefault(ranked.get(i), 0) / log2(i + 2);
        }
        int[] ideal =
                grades.values().stream()
                        .filter(g -> g > 0)
                        .sorted((a, b) -> b - a)
                        .mapToInt(Integer::intValue)
                        .toArray();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.length); i++) {
            idcg += ideal[i] / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** 1 / rank of the first relevant hit within k, else 0. */
    public static double reciprocalRank(List<String> ranked, Map<String, Integer> grades, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (grades.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** Share of the relevant documents found within k; 0 when there are none. */
    public static double recall(List<String> ranked, Map<String, Integer> grades, int k) {
        long relevant = grades.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(k).filter(id -> grades.getOrDefault(id, 0) > 0).count();
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
