package io.protoflow.bench.eval;

import java.util.List;
import java.util.Map;

/**
 * One learner's complete result on one stream.
 *
 * @param learner the learner's report name
 * @param setting {@code class-incremental} or {@code offline} (the upper bound)
 * @param stages results after each stage
 * @param prequentialCorrect test-then-train hits on the training stream (0 when not measured)
 * @param prequentialTotal test-then-train predictions on the training stream (0 when not measured)
 * @param trainExamples examples learned
 * @param learnNanos time spent learning them (or fitting, for batch references)
 * @param predictions predictions made (prequential and test)
 * @param predictNanos time spent predicting
 */
public record RunResult(
        String learner,
        String setting,
        List<StageResult> stages,
        long prequentialCorrect,
        long prequentialTotal,
        long trainExamples,
        long learnNanos,
        long predictions,
        long predictNanos) {

    public RunResult {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a run has at least one stage");
        }
    }

    /** Accuracy on all seen classes after the last stage. */
    public double finalAccuracy() {
        return stages.get(stages.size() - 1).accuracy();
    }

    /** See {@link IncrementalMetrics#averageIncrementalAccuracy}. */
    public double averageIncrementalAccuracy() {
        return IncrementalMetrics.averageIncrementalAccuracy(
                stages.stream().mapToDouble(StageResult::accuracy).toArray());
    }

    /** See {@link IncrementalMetrics#forgetting}. */
    public double forgetting() {
        List<Map<String, Double>> perClass =
                stages.stream().map(StageResult::classAccuracy).toList();
        return IncrementalMetrics.forgetting(perClass);
    }

    /** Test-then-train accuracy on the training stream; NaN when not measured. */
    public double prequentialAccuracy() {
        return prequentialTotal == 0 ? Double.NaN : (double) prequentialCorrect / prequentialTotal;
    }

    /** Training examples per second of learning time. */
    public double trainPerSecond() {
        return learnNanos == 0 ? Double.NaN : trainExamples * 1e9 / learnNanos;
    }

    /** Predictions per second of prediction time. */
    public double predictPerSecond() {
        return predictNanos == 0 ? Double.NaN : predictions * 1e9 / predictNanos;
    }
}
