package io.protoflow.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Arranges a dataset as a class-incremental stream: a sequence of stages, each introducing a
 * disjoint group of classes, the standard protocol for evaluating continual learners (a learner
 * must pick up new classes without forgetting old ones).
 */
public final class ClassIncremental {

    private ClassIncremental() {}

    /**
     * Splits a dataset into stages of {@code classesPerStage} classes (the last stage may have
     * fewer). Each class appears in exactly one stage; classes not in {@code classOrder} are left
     * out. The rows of each stage are shuffled with one {@code java.util.Random(seed)} used stage
     * after stage, so the same arguments always give the same stream.
     *
     * @param ds the dataset
     * @param classesPerStage number of new classes per stage, >= 1
     * @param classOrder the order in which classes are introduced, distinct known labels; {@code
     *     null} means {@link Dataset#labels()}
     * @param seed seed of the row shuffle
     * @throws IllegalArgumentException on invalid arguments, naming the offending value
     */
    public static List<Stage> stages(
            Dataset ds, int classesPerStage, List<String> classOrder, long seed) {
        if (ds == null) {
            throw new IllegalArgumentException("ds is null");
        }
        if (classesPerStage < 1) {
            throw new IllegalArgumentException(
                    "classesPerStage must be >= 1, got " + classesPerStage);
        }
        List<String> labels = ds.labels();
        List<String> order = classOrder == null ? labels : classOrder;
        if (order.isEmpty()) {
            throw new IllegalArgumentException("classOrder is empty");
        }
        Set<String> known = new HashSet<>(labels);
        Set<String> seen = new HashSet<>();
        for (String label : order) {
            if (!known.contains(label)) {
                throw new IllegalArgumentException(
                        "classOrder has unknown label '"
                                + label
                                + "'; dataset "
                                + ds.name()
                                + " has labels "
                                + labels);
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException(
                        "classOrder has duplicate label '" + label + "'");
            }
        }

        Map<String, List<LabelledVector>> byClass = new LinkedHashMap<>();
        for (String label : order) {
            byClass.put(label, new ArrayList<>());
        }
        for (LabelledVector row : ds.rows()) {
            List<LabelledVector> bucket = byClass.get(row.label());
            if (bucket != null) {
                bucket.add(row);
            }
        }

        Random random = new Random(seed);
        List<Stage> stages = new ArrayList<>();
        for (int from = 0; from < order.size(); from += classesPerStage) {
            List<String> classes =
                    order.subList(from, Math.min(from + classesPerStage, order.size()));
            List<LabelledVector> rows = new ArrayList<>();
            for (String label : classes) {
                rows.addAll(byClass.get(label));
            }
            Collections.shuffle(rows, random);
            stages.add(new Stage(stages.size(), classes, rows));
        }
        return List.copyOf(stages);
    }
}
