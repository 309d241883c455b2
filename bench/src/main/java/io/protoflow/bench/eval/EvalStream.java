package io.protoflow.bench.eval;

import io.protoflow.core.data.ClassIncremental;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.data.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class-incremental training stream and its test set, with the feature vectors extracted once
 * into plain arrays so that every learner sees the same data and timers measure learning and
 * prediction, not copying.
 *
 * @param name a description for reports, e.g. {@code fashion-mnist}
 * @param dimension the number of features
 * @param labels every label of the dataset (train and test), in dataset order
 * @param stages the training stages in stream order
 * @param test the test examples (all classes; the protocol filters to the classes seen so far)
 */
public record EvalStream(
        String name, int dimension, List<String> labels, List<StageData> stages, Split test) {

    public EvalStream {
        labels = List.copyOf(labels);
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stream has no stage");
        }
    }

    /**
     * Labelled vectors as parallel arrays.
     *
     * @param x features, one row per example (not copied: treat as read-only)
     * @param y labels
     */
    public record Split(float[][] x, String[] y) {
        public Split {
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                        "x has " + x.length + " rows, y has " + y.length);
            }
        }

        /** Extracts the features and labels of the rows. */
        public static Split of(List<LabelledVector> rows) {
            float[][] x = new float[rows.size()][];
            String[] y = new String[rows.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rows.get(i).features();
                y[i] = rows.get(i).label();
            }
            return new Split(x, y);
        }

        /** The number of examples. */
        public int size() {
            return y.length;
        }
    }

    /**
     * One training stage.
     *
     * @param index position from 0
     * @param classes the classes this stage introduces
     * @param fewShot whether this is the few-shot stage (only a few examples per class)
     * @param train the stage's training examples in stream order
     */
    public record StageData(int index, List<String> classes, boolean fewShot, Split train) {
        public StageData {
            classes = List.copyOf(classes);
        }
    }

    /**
     * Builds the protocol's stream. Without few-shot, the classes of {@code classOrder} are cut
     * into stages of {@code classesPerStage} by {@link ClassIncremental#stages}. With {@code
     * fewShotShots > 0}, the last {@code fewShotClasses} classes of the order are held out of those
     * stages and form one final stage in which each of them has only its first {@code fewShotShots}
     * training examples (after the seeded shuffle); the test set keeps all their test examples.
     *
     * @param train training data
     * @param test test data (its labels must be among the training labels)
     * @param classesPerStage classes per regular stage, >= 1
     * @param classOrder order of class introduction; null for the dataset's label order
     * @param seed shuffle seed
     * @param fewShotShots examples per class in the final few-shot stage; 0 for none
     * @param fewShotClasses number of held-out classes in the few-shot stage, >= 1 when shots > 0
     */
    public static EvalStream classIncremental(
            Dataset train,
            Dataset test,
            int classesPerStage,
            List<String> classOrder,
            long seed,
            int fewShotShots,
            int fewShotClasses) {
        List<String> order = classOrder == null ? train.labels() : List.copyOf(classOrder);
        if (fewShotShots < 0) {
            throw new IllegalArgumentException("few-shot shots must be >= 0, got " + fewShotShots);
        }
        List<StageData> stages = new ArrayList<>();
        if (fewShotShots == 0) {
            for (Stage s : ClassIncremental.stages(train, classesPerStage, order, seed)) {
                stages.add(new StageData(s.index(), s.classes(), false, Split.of(s.rows())));
            }
        } else {
            if (fewShotClasses < 1 || fewShotClasses >= order.size()) {
                throw new IllegalArgumentException(
                        "few-shot classes must be in [1, "
                                + (order.size() - 1)
                                + "] for "
                                + order.size()
                                + " classes, got "
                                + fewShotClasses);
            }
            List<String> regular = order.subList(0, order.size() - fewShotClasses);
            List<String> heldOut = order.subList(order.size() - fewShotClasses, order.size());
            for (Stage s : ClassIncremental.stages(train, classesPerStage, regular, seed)) {
                stages.add(new StageData(s.index(), s.classes(), false, Split.of(s.rows())));
            }
            Stage all = ClassIncremental.stages(train, heldOut.size(), heldOut, seed + 1).get(0);
            Map<String, Integer> taken = new LinkedHashMap<>();
            List<LabelledVector> few = new ArrayList<>();
            for (LabelledVector row : all.rows()) {
                int n = taken.merge(row.label(), 1, Integer::sum);
                if (n <= fewShotShots) {
                    few.add(row);
                }
            }
            stages.add(new StageData(stages.size(), heldOut, true, Split.of(few)));
        }
        return new EvalStream(
                train.name(),
                train.dimension(),
                allLabels(train, test),
                stages,
                Split.of(test.rows()));
    }

    /**
     * A chronological stream: one stage holding every training example in the dataset's order (the
     * time order of a timestamped text stream), its classes in order of first appearance. Classes
     * arrive when the data brings them rather than in staged groups, so the prequential accuracy is
     * the measure that matters; the test set is scored once, at the end.
     */
    public static EvalStream chronological(Dataset train, Dataset test) {
        List<String> firstSeen =
                train.rows().stream().map(LabelledVector::label).distinct().toList();
        StageData only = new StageData(0, firstSeen, false, Split.of(train.rows()));
        return new EvalStream(
                train.name(),
                train.dimension(),
                allLabels(train, test),
                List.of(only),
                Split.of(test.rows()));
    }

    private static List<String> allLabels(Dataset train, Dataset test) {
        List<String> labels = new ArrayList<>(train.labels());
        for (String l : test.labels()) {
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        return labels;
    }

    /**
     * The offline upper bound's stream: one stage holding every training example of the classes in
     * {@code classOrder}, shuffled with the seed (an i.i.d. stream; for order-invariant learners
     * such as class means this is the model fit on all data at once).
     */
    public static EvalStream offline(
            Dataset train, Dataset test, List<String> classOrder, long seed) {
        List<String> order = classOrder == null ? train.labels() : List.copyOf(classOrder);
        Stage s = ClassIncremental.stages(train, order.size(), order, seed).get(0);
        StageData only = new StageData(0, s.classes(), false, Split.of(s.rows()));
        return new EvalStream(
                train.name(),
                train.dimension(),
                train.labels(),
                List.of(only),
                Split.of(test.rows()));
    }

    /** All training examples of all stages, in stream order. */
    public Split allTraining() {
        int n = stages.stream().mapToInt(s -> s.train().size()).sum();
        float[][] x = new float[n][];
        String[] y = new String[n];
        int i = 0;
        for (StageData s : stages) {
            System.arraycopy(s.train().x(), 0, x, i, s.train().size());
            System.arraycopy(s.train().y(), 0, y, i, s.train().size());
            i += s.train().size();
        }
        return new Split(x, y);
    }
}
