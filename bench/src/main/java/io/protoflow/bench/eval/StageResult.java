package io.protoflow.bench.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one learner scored right after one stage.
 *
 * @param index stage position from 0
 * @param newClasses the classes the stage introduced
 * @param fewShot whether it was the few-shot stage
 * @param trainExamples training examples in the stage
 * @param classAccuracy test accuracy per class seen so far (copied, in order of introduction)
 * @param seenCorrect correct test predictions over all seen classes
 * @param seenTotal test examples of all seen classes
 * @param newCorrect correct test predictions on the stage's new classes
 * @param newTotal test examples of the stage's new classes
 */
public record StageResult(
        int index,
        List<String> newClasses,
        boolean fewShot,
        int trainExamples,
        Map<String, Double> classAccuracy,
        long seenCorrect,
        long seenTotal,
        long newCorrect,
        long newTotal) {

    public StageResult {
        newClasses = List.copyOf(newClasses);
        classAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(classAccuracy));
    }

    /** Accuracy on the test examples of all classes seen so far (NaN without test examples). */
    public double accuracy() {
        return seenTotal == 0 ? Double.NaN : (double) seenCorrect / seenTotal;
    }

    /** Accuracy on the test examples of this stage's new classes (NaN without any). */
    public double newClassAccuracy() {
        return newTotal == 0 ? Double.NaN : (double) newCorrect / newTotal;
    }
}
