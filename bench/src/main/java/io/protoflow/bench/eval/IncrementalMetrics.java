package io.protoflow.bench.eval;

import java.util.List;
import java.util.Map;

/**
 * The standard class-incremental summary metrics, as pure functions of accuracies measured after
 * each stage. Definitions (T stages, a(s, c) = accuracy on the test examples of class c after stage
 * s, A(s) = accuracy on the pooled test examples of all classes seen up to stage s):
 *
 * <ul>
 *   <li>final accuracy = A(T);
 *   <li>average incremental accuracy = (1/T) sum over s of A(s) (Rebuffi et al., iCaRL 2017);
 *   <li>forgetting = mean over the classes introduced before the last stage of max over s &lt; T of
 *       a(s, c) minus a(T, c) (Chaudhry et al. 2018, per class instead of per task); classes of the
 *       last stage have no earlier accuracy and do not count; NaN with a single stage.
 * </ul>
 */
public final class IncrementalMetrics {

    private IncrementalMetrics() {}

    /** The mean of the per-stage accuracies on seen classes; NaN when there is no stage. */
    public static double averageIncrementalAccuracy(double[] accuracyAfterStage) {
        if (accuracyAfterStage.length == 0) {
            return Double.NaN;
        }
        double sum = 0.0;
        for (double a : accuracyAfterStage) {
            sum += a;
        }
        return sum / accuracyAfterStage.length;
    }

    /**
     * Forgetting from per-class accuracies after each stage.
     *
     * @param classAccuracyAfterStage for each stage, the accuracy of every class seen so far
     * @return the mean over classes present before the last stage of (max earlier accuracy - final
     *     accuracy); NaN when no class was present before the last stage
     */
    public static double forgetting(List<Map<String, Double>> classAccuracyAfterStage) {
        int stages = classAccuracyAfterStage.size();
        if (stages < 2) {
            return Double.NaN;
        }
        Map<String, Double> last = classAccuracyAfterStage.get(stages - 1);
        double sum = 0.0;
        int n = 0;
        for (Map.Entry<String, Double> e : last.entrySet()) {
            double best = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < stages - 1; s++) {
                Double a = classAccuracyAfterStage.get(s).get(e.getKey());
                if (a != null) {
                    best = Math.max(best, a);
                }
            }
            if (best != Double.NEGATIVE_INFINITY) {
                sum += best - e.getValue();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
