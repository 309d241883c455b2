package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnersTest {

    @Test
    void everyLearnersTopKIsThePrefixOfItsFullRanking() {
        for (String type : Learners.KNOWN_TYPES) {
            Map<String, String> params =
                    type.equals("random-features")
                            ? Map.of("outputDimension", "64", "inner", "streaming-lda")
                            : Map.of();
            Learner learner = Learners.create(type, 12, params);
            for (SyntheticStream.Example e : SyntheticStream.blobs(21, 1_500, 40, 12)) {
                learner.learn(e.features(), e.label());
            }
            for (SyntheticStream.Example q : SyntheticStream.blobs(22, 40, 40, 12)) {
                Prediction full = learner.predict(q.features());
                assertThat(full.size()).as(type).isEqualTo(40);
                for (int k : new int[] {0, 1, 5, 40, 41}) {
                    assertThat(learner.predict(q.features(), k).ranked())
                            .as(type + ", k " + k)
                            .isEqualTo(full.topK(k).ranked());
                }
            }
            assertThatThrownBy(() -> learner.predict(new float[12], -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("k must be >= 0, got -1");
        }
    }

    @Test
    void createsNcmWithDefaultAndExplicitMetric() {
        Learner byDefault = Learners.create("ncm", 8, Map.of());
        assertThat(byDefault).isInstanceOf(NearestClassMean.class);
        assertThat(byDefault.type()).isEqualTo("ncm");
        assertThat(byDefault.dimension()).isEqualTo(8);
        assertThat(((NearestClassMean) byDefault).metric())
                .isEqualTo(NearestClassMean.Metric.EUCLIDEAN);
        Learner cosine = Learners.create("ncm", 8, Map.of("metric", "cosine"));
        assertThat(cosine.snapshot().params()).isEqualTo(Map.of("metric", "cosine"));
    }

    @Test
    void unknownTypeListsKnownTypes() {
        assertThatThrownBy(() -> Learners.create("svm", 8, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown learner type 'svm', known types: [ncm, prototype-mixture,"
                                + " streaming-lda, random-features]");
    }

    @Test
    void unknownOrInvalidParamNamesKeyAndValue() {
        assertThatThrownBy(() -> Learners.create("ncm", 8, Map.of("k", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown parameter 'k' (value '3') for learner type ncm, known"
                                + " parameters: [metric, fewShotThreshold, calibrationAlpha,"
                                + " calibrationTemperature]");
        assertThatThrownBy(() -> Learners.create("ncm", 8, Map.of("metric", "manhattan")))
                .hasMessage(
                        "parameter metric has invalid value 'manhattan', expected one of"
                                + " [euclidean, cosine]");
        assertThatThrownBy(() -> Learners.create("ncm", 0, Map.of()))
                .hasMessage("dimension must be >= 1, got 0");
    }

    @Test
    void restoreRejectsStatesTheTypeCannotAccept() {
        PrototypeState p = new PrototypeState(2, new double[] {1, 2});
        LearnerState twoPrototypes =
                new LearnerState(
                        "ncm", 2, Map.of(), List.of(new ClassState("a", 2, List.of(p, p))));
        assertThatThrownBy(() -> Learners.restore(twoPrototypes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class 'a' has 2 prototypes, ncm expects exactly 1");
        LearnerState wrongWeight =
                new LearnerState("ncm", 2, Map.of(), List.of(new ClassState("a", 3, List.of(p))));
        assertThatThrownBy(() -> Learners.restore(wrongWeight))
                .hasMessage("class 'a' prototype weight 2.0 differs from its count 3");
        LearnerState wrongDimension =
                new LearnerState("ncm", 3, Map.of(), List.of(new ClassState("a", 2, List.of(p))));
        assertThatThrownBy(() -> Learners.restore(wrongDimension))
                .hasMessage("class 'a' mean has dimension 2, state has 3");
        LearnerState unknown = new LearnerState("lda", 2, Map.of(), List.of());
        assertThatThrownBy(() -> Learners.restore(unknown))
                .hasMessage("unknown learner type 'lda', known types: " + Learners.KNOWN_TYPES);
    }
}
