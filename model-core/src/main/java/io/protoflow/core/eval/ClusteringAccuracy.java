package io.protoflow.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clustering accuracy, the standard score of novel-class discovery: the fraction of examples whose
 * cluster is matched to their true class under the best one-to-one matching of clusters to classes
 * (found by {@link LinearAssignment}). Surplus clusters and unclustered examples count as wrong, so
 * over- and under-estimating the number of classes both cost accuracy.
 *
 * @param accuracy matched examples over all examples, in [0, 1]; 0 for no example
 * @param matching each matched cluster and its class, in order of first appearance of the cluster
 * @param examples the number of examples scored
 */
public record ClusteringAccuracy(double accuracy, Map<String, String> matching, int examples) {

    public ClusteringAccuracy {
        matching = Collections.unmodifiableMap(new LinkedHashMap<>(matching));
    }

    /**
     * Scores a clustering.
     *
     * @param trueLabels the true class of each example, not null
     * @param clusters the cluster of each example, null for an example left unclustered
     * @throws IllegalArgumentException if the lists are null or differ in size, or a true label is
     *     null
     */
    public static ClusteringAccuracy of(List<String> trueLabels, List<String> clusters) {
        if (trueLabels == null || clusters == null) {
            throw new IllegalArgumentException("trueLabels and clusters must not be null");
        }
        if (trueLabels.size() != clusters.size()) {
            throw new IllegalArgumentException(
                    "trueLabels has "
                            + trueLabels.size()
                            + " entries, clusters has "
                            + clusters.size());
        }
        Map<String, Integer> classIndex = new LinkedHashMap<>();
        Map<String, Integer> clusterIndex = new LinkedHashMap<>();
        for (int i = 0; i < trueLabels.size(); i++) {
            String label = trueLabels.get(i);
            if (label == null) {
                throw new IllegalArgumentException("trueLabels[" + i + "] is null");
            }
            classIndex.putIfAbsent(label, classIndex.size());
            if (clusters.get(i) != null) {
                clusterIndex.putIfAbsent(clusters.get(i), clusterIndex.size());
            }
        }
        double[][] counts = new double[clusterIndex.size()][classIndex.size()];
        for (int i = 0; i < trueLabels.size(); i++) {
            if (clusters.get(i) != null) {
                counts[clusterIndex.get(clusters.get(i))][classIndex.get(trueLabels.get(i))]++;
            }
        }
        int[] match = LinearAssignment.maximumWeight(counts);
        List<String> classNames = new ArrayList<>(classIndex.keySet());
        Map<String, String> matching = new LinkedHashMap<>();
        double matched = 0.0;
        int k = 0;
        for (String cluster : clusterIndex.keySet()) {
            if (match[k] >= 0) {
                matching.put(cluster, classNames.get(match[k]));
                matched += counts[k][match[k]];
            }
            k++;
        }
        int n = trueLabels.size();
        return new ClusteringAccuracy(n == 0 ? 0.0 : matched / n, matching, n);
    }
}
