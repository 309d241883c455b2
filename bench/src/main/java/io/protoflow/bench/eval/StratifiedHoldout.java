package io.protoflow.bench.eval;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.LabelledVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits a dataset without a test split into train and test, per class, with a seeded shuffle: each
 * class contributes {@code round(fraction * n_c)} of its rows (at least one when it has two or
 * more) to the test set, so class proportions are kept.
 */
public final class StratifiedHoldout {

    /**
     * The two parts.
     *
     * @param train the rows kept for training, in source order
     * @param test the held-out rows, in source order
     */
    public record TrainTest(Dataset train, Dataset test) {}

    private StratifiedHoldout() {}

    /**
     * Splits {@code ds}.
     *
     * @param fraction share of each class held out, in (0, 1)
     * @param seed shuffle seed
     */
    public static TrainTest split(Dataset ds, double fraction, long seed) {
        if (!(fraction > 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException(
                    "holdout fraction must be in (0, 1), got " + fraction);
        }
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        List<LabelledVector> rows = ds.rows();
        for (int i = 0; i < rows.size(); i++) {
            byClass.computeIfAbsent(rows.get(i).label(), k -> new ArrayList<>()).add(i);
        }
        boolean[] isTest = new boolean[rows.size()];
        Random random = new Random(seed);
        for (String label : ds.labels()) {
            List<Integer> idx = byClass.get(label);
            Collections.shuffle(idx, random);
            int n = (int) Math.round(fraction * idx.size());
            if (n == 0 && idx.size() >= 2) {
                n = 1;
            }
            for (int k = 0; k < n; k++) {
                isTest[idx.get(k)] = true;
            }
        }
        List<LabelledVector> train = new ArrayList<>();
        List<LabelledVector> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (isTest[i] ? test : train).add(rows.get(i));
        }
        return new TrainTest(
                new Dataset(ds.name(), ds.dimension(), train),
                new Dataset(ds.name() + "-holdout", ds.dimension(), test));
    }
}
