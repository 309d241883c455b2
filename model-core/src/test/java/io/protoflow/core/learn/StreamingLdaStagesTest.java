package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.data.ClassIncremental;
import io.protoflow.core.data.Datasets;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.data.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streaming LDA between full refreshes, when new classes arrive: the discriminant they are scored
 * with must not be one factored while the covariance was still far from its current value.
 */
class StreamingLdaStagesTest {

    /** Accuracy on the rows of {@code stage} after learning stages 0..stage. */
    private static double accuracyAfterStage(Map<String, String> params, int stage) {
        List<Stage> stages = ClassIncremental.stages(Datasets.digits(), 2, null, 42);
        Learner lda = Learners.create(StreamingLda.TYPE, 64, params);
        for (int s = 0; s <= stage; s++) {
            for (LabelledVector row : stages.get(s).rows()) {
                lda.predict(row.features()); // test-then-train, as the job does
                lda.learn(row.features(), row.label());
            }
        }
        List<LabelledVector> rows = stages.get(stage).rows();
        long correct =
                rows.stream()
                        .filter(
                                r ->
                                        r.label()
                                                .equals(
                                                        lda.predict(r.features())
                                                                .top()
                                                                .orElseThrow()
                                                                .label()))
                        .count();
        return (double) correct / rows.size();
    }

    @Test
    void newClassesAreScoredAsWellAsWithAnAlwaysExactDiscriminant() {
        for (int stage = 1; stage <= 2; stage++) {
            double exact = accuracyAfterStage(Map.of("refreshEvery", "1"), stage);
            double lazy = accuracyAfterStage(Map.of(), stage);
            assertThat(exact).as("stage %d, exact discriminant", stage).isGreaterThan(0.9);
            assertThat(lazy)
                    .as("stage %d, default refresh policy (exact: %.3f)", stage, exact)
                    .isGreaterThan(exact - 0.05);
        }
    }
}
