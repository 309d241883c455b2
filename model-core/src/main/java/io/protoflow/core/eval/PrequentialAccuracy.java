package io.protoflow.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-then-train accuracy of a stream classifier: overall, per true class and over the last {@code
 * window} records, so a dashboard shows both the long-run figure and how the learner copes right
 * now (e.g. just after new classes arrive). Accuracies are 0 rather than NaN when nothing has been
 * recorded. Not thread-safe.
 */
public final class PrequentialAccuracy {

    /**
     * Count of records and correct predictions for one true class.
     *
     * @param total records whose true label is this class
     * @param correct of those, records predicted correctly
     */
    public record ClassTally(long total, long correct) {

        public ClassTally {
            if (total < 0 || correct < 0 || correct > total) {
                throw new IllegalArgumentException(
                        "need 0 <= correct <= total, got correct " + correct + ", total " + total);
            }
        }

        /** {@code correct / total}, 0 when total is 0. */
        public double accuracy() {
            return total == 0 ? 0.0 : (double) correct / total;
        }
    }

    private final int window;
    private final boolean[] recent;
    private int recentNext;
    private int recentSize;
    private int recentCorrect;
    private long total;
    private long correct;
    private final Map<String, long[]> perClass = new LinkedHashMap<>();

    /**
     * Creates an empty tally.
     *
     * @param window number of most recent records behind {@link #recentAccuracy()}, >= 1
     */
    public PrequentialAccuracy(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
        this.recent = new boolean[window];
    }

    /**
     * Records one prediction.
     *
     * @param trueLabel the label the example actually has, not null
     * @param predictedLabel the learner's top label, or null when it made no prediction (counts as
     *     wrong)
     */
    public void record(String trueLabel, String predictedLabel) {
        if (trueLabel == null) {
            throw new IllegalArgumentException("trueLabel is null");
        }
        boolean hit = trueLabel.equals(predictedLabel);
        total++;
        long[] tally = perClass.computeIfAbsent(trueLabel, k -> new long[2]);
        tally[0]++;
        if (hit) {
            correct++;
            tally[1]++;
        }
        if (recentSize == window) {
            if (recent[recentNext]) {
                recentCorrect--;
            }
        } else {
            recentSize++;
        }
        recent[recentNext] = hit;
        if (hit) {
            recentCorrect++;
        }
        recentNext = (recentNext + 1) % window;
    }

    /** Records recorded so far. */
    public long total() {
        return total;
    }

    /** Correct predictions so far. */
    public long correct() {
        return correct;
    }

    /** {@code correct() / total()}, 0 when nothing is recorded. */
    public double accuracy() {
        return total == 0 ? 0.0 : (double) correct / total;
    }

    /** The window size given to the constructor. */
    public int window() {
        return window;
    }

    /** Records in the current window: {@code min(total(), window())}. */
    public int recentTotal() {
        return recentSize;
    }

    /** Accuracy over the last {@link #recentTotal()} records, 0 when nothing is recorded. */
    public double recentAccuracy() {
        return recentSize == 0 ? 0.0 : (double) recentCorrect / recentSize;
    }

    /** Tallies per true label, in the order labels were first recorded (an immutable copy). */
    public Map<String, ClassTally> perClass() {
        Map<String, ClassTally> copy = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : perClass.entrySet()) {
            copy.put(e.getKey(), new ClassTally(e.getValue()[0], e.getValue()[1]));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The tally for one true label; zeros when it was never recorded. */
    public ClassTally classTally(String label) {
        long[] t = perClass.get(label);
        return t == null ? new ClassTally(0, 0) : new ClassTally(t[0], t[1]);
    }

    @Override
    public String toString() {
        return String.format(
                "PrequentialAccuracy[%d/%d = %.4f, recent %.4f over %d]",
                correct, total, accuracy(), recentAccuracy(), recentSize);
    }
}
