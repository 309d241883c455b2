package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotValuesTest {

    private static final LearnerState EMPTY = new LearnerState("ncm", 2, Map.of(), List.of());
    private static final Provenance PROVENANCE = new Provenance("job", 10, "");

    @Test
    void prototypeStateCopiesDefensivelyAndComparesByContent() {
        double[] mean = {1, 2};
        PrototypeState p = new PrototypeState(3, mean);
        mean[0] = 99;
        p.mean()[1] = 99;
        assertThat(p.mean()).containsExactly(1.0, 2.0);
        assertThat(p).isEqualTo(new PrototypeState(3, new double[] {1, 2}));
        assertThat(p.hashCode()).isEqualTo(new PrototypeState(3, new double[] {1, 2}).hashCode());
        assertThat(p).isNotEqualTo(new PrototypeState(3, new double[] {1, 2.5}));
        assertThat(p).isNotEqualTo(new PrototypeState(4, new double[] {1, 2}));
        assertThatThrownBy(() -> new PrototypeState(1, new double[] {0, Double.NaN}))
                .hasMessage("mean[1] is NaN");
        assertThatThrownBy(() -> new PrototypeState(-1, new double[] {0}))
                .hasMessage("weight must be finite and >= 0, got -1.0");
    }

    @Test
    void learnerStateKeepsInsertionOrderAndIsImmutable() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("z", "1");
        params.put("a", "2");
        PrototypeState p = new PrototypeState(1, new double[] {0, 0});
        List<ClassState> classes =
                List.of(new ClassState("b", 1, List.of(p)), new ClassState("a", 1, List.of(p)));
        LearnerState s = new LearnerState("ncm", 2, params, classes);
        params.put("late", "3");
        assertThat(s.params().keySet()).containsExactly("z", "a");
        assertThat(s.labels()).containsExactly("b", "a");
        assertThat(s.examplesSeen()).isEqualTo(2);
        assertThatThrownBy(() -> s.params().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                        () ->
                                new LearnerState(
                                        "ncm",
                                        2,
                                        Map.of(),
                                        List.of(
                                                new ClassState("a", 1, List.of(p)),
                                                new ClassState("a", 1, List.of(p)))))
                .hasMessage("classes has duplicate label 'a'");
    }

    @Test
    void modelSnapshotValidatesVersionsAndFields() {
        assertThat(new ModelSnapshot("m", 1, 0, 0, PROVENANCE, EMPTY).hasParent()).isFalse();
        assertThat(new ModelSnapshot("m", 5, 4, 0, PROVENANCE, EMPTY).hasParent()).isTrue();
        assertThatThrownBy(() -> new ModelSnapshot("m", 0, 0, 0, PROVENANCE, EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be >= 1, got 0");
        assertThatThrownBy(() -> new ModelSnapshot("m", 3, 3, 0, PROVENANCE, EMPTY))
                .hasMessage("parentVersion must be 0 (none) or in [1, version 3), got 3");
        assertThatThrownBy(() -> new ModelSnapshot("m", 3, -1, 0, PROVENANCE, EMPTY))
                .hasMessage("parentVersion must be 0 (none) or in [1, version 3), got -1");
        assertThatThrownBy(() -> new ModelSnapshot(" ", 1, 0, 0, PROVENANCE, EMPTY))
                .hasMessage("modelId is blank: ' '");
        assertThatThrownBy(() -> new ModelSnapshot("m", 1, 0, -5, PROVENANCE, EMPTY))
                .hasMessage("createdAtMillis must be >= 0, got -5");
        assertThatThrownBy(() -> new Provenance("job", -1, ""))
                .hasMessage("recordsSeen must be >= 0, got -1");
        assertThatThrownBy(() -> new ClassState("a", -2, List.of()))
                .hasMessage("count of class 'a' must be >= 0, got -2");
        assertThatThrownBy(() -> new LearnerState("ncm", 0, Map.of(), List.of()))
                .hasMessage("dimension must be >= 1, got 0");
    }

    @Test
    void classWeightedMeanIsTheMeanOfItsExamplesAndEmptyWithoutWeight() {
        ClassState c =
                new ClassState(
                        "c",
                        4,
                        List.of(
                                new PrototypeState(1, new double[] {0, 4}),
                                new PrototypeState(3, new double[] {4, 0})));
        assertThat(c.totalWeight()).isEqualTo(4.0);
        assertThat(c.weightedMean().orElseThrow()).containsExactly(3.0, 1.0);
        assertThat(
                        new ClassState("z", 0, List.of(new PrototypeState(0, new double[] {1})))
                                .weightedMean())
                .isEmpty();
        assertThat(new ClassState("e", 0, List.of()).weightedMean()).isEmpty();
    }
}
