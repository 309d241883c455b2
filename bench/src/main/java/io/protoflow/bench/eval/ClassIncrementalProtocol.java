package io.protoflow.bench.eval;

import io.protoflow.core.eval.PrequentialAccuracy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the class-incremental prequential protocol: stage after stage, each training example is
 * first predicted (test-then-train, recorded in a {@link PrequentialAccuracy}) and then learned;
 * after each stage the learner predicts every test example of the classes seen so far. Learning and
 * prediction are timed separately, on the calling thread only.
 */
public final class ClassIncrementalProtocol {

    private ClassIncrementalProtocol() {}

    /** Runs a streaming classifier through every stage of the stream. */
    public static RunResult run(StreamClassifier classifier, EvalStream stream, String setting) {
        PrequentialAccuracy prequential = new PrequentialAccuracy(1000);
        long learnNanos = 0;
        long predictNanos = 0;
        long predictions = 0;
        long trained = 0;
        Set<String> seen = new LinkedHashSet<>();
        List<StageResult> results = new ArrayList<>();
        for (EvalStream.StageData stage : stream.stages()) {
            float[][] x = stage.train().x();
            String[] y = stage.train().y();
            for (int i = 0; i < x.length; i++) {
                long t0 = System.nanoTime();
                String predicted = classifier.predict(x[i]);
                long t1 = System.nanoTime();
                classifier.learn(x[i], y[i]);
                long t2 = System.nanoTime();
                predictNanos += t1 - t0;
                learnNanos += t2 - t1;
                prequential.record(y[i], predicted);
            }
            predictions += x.length;
            trained += x.length;
            seen.addAll(stage.classes());
            long t0 = System.nanoTime();
            TestTally tally = test(classifier::predict, stream.test(), seen, stage.classes());
            predictNanos += System.nanoTime() - t0;
            predictions += tally.seenTotal;
            results.add(tally.toStage(stage, seen));
        }
        return new RunResult(
                classifier.name(),
                setting,
                results,
                prequential.correct(),
                prequential.total(),
                trained,
                learnNanos,
                predictions,
                predictNanos);
    }

    /**
     * Warms up the JIT for a classifier type: a throw-away instance learns and predicts the first
     * {@code examples} examples of the stream (test-then-train) and predicts as many test examples,
     * untimed. The instance must not be reused.
     */
    public static void warmUp(StreamClassifier throwAway, EvalStream stream, int examples) {
        int done = 0;
        for (EvalStream.StageData stage : stream.stages()) {
            for (int i = 0; i < stage.train().size() && done < examples; i++, done++) {
                throwAway.predict(stage.train().x()[i]);
                throwAway.learn(stage.train().x()[i], stage.train().y()[i]);
            }
        }
        for (int i = 0; i < Math.min(examples, stream.test().size()); i++) {
            throwAway.predict(stream.test().x()[i]);
        }
    }

    /**
     * Fits a batch reference model on all training examples of the stream at once and evaluates it
     * once on the test examples of all its classes.
     */
    public static RunResult runBatch(BatchClassifier model, EvalStream stream) {
        EvalStream.Split all = stream.allTraining();
        long t0 = System.nanoTime();
        model.fit(all.x(), all.y());
        long fitNanos = System.nanoTime() - t0;
        Set<String> classes = new LinkedHashSet<>();
        for (EvalStream.StageData s : stream.stages()) {
            classes.addAll(s.classes());
        }
        long t1 = System.nanoTime();
        TestTally tally = test(model::predict, stream.test(), classes, List.copyOf(classes));
        long predictNanos = System.nanoTime() - t1;
        EvalStream.StageData only = new EvalStream.StageData(0, List.copyOf(classes), false, all);
        return new RunResult(
                model.name(),
                "offline",
                List.of(tally.toStage(only, classes)),
                0,
                0,
                all.size(),
                fitNanos,
                tally.seenTotal,
                predictNanos);
    }

    /** Something that predicts a label from features. */
    @FunctionalInterface
    private interface Predictor {
        String predict(float[] x);
    }

    private static TestTally test(
            Predictor predictor, EvalStream.Split test, Set<String> seen, List<String> newClasses) {
        Set<String> fresh = new HashSet<>(newClasses);
        Map<String, long[]> perClass = new LinkedHashMap<>();
        for (String c : seen) {
            perClass.put(c, new long[2]);
        }
        TestTally t = new TestTally(perClass);
        for (int i = 0; i < test.size(); i++) {
            long[] tally = perClass.get(test.y()[i]);
            if (tally == null) {
                continue;
            }
            boolean hit = test.y()[i].equals(predictor.predict(test.x()[i]));
            tally[0]++;
            t.seenTotal++;
            if (hit) {
                tally[1]++;
                t.seenCorrect++;
            }
            if (fresh.contains(test.y()[i])) {
                t.newTotal++;
                if (hit) {
                    t.newCorrect++;
                }
            }
        }
        return t;
    }

    private static final class TestTally {
        final Map<String, long[]> perClass;
        long seenCorrect;
        long seenTotal;
        long newCorrect;
        long newTotal;

        TestTally(Map<String, long[]> perClass) {
            this.perClass = perClass;
        }

        StageResult toStage(EvalStream.StageData stage, Set<String> seen) {
            Map<String, Double> acc = new LinkedHashMap<>();
            for (String c : seen) {
                long[] t = perClass.get(c);
                if (t[0] > 0) {
                    acc.put(c, (double) t[1] / t[0]);
                }
            }
            return new StageResult(
                    stage.index(),
                    stage.classes(),
                    stage.fewShot(),
                    stage.train().size(),
                    acc,
                    seenCorrect,
                    seenTotal,
                    newCorrect,
                    newTotal);
        }
    }
}
