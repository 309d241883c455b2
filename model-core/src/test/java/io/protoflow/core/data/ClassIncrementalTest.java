package io.protoflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassIncrementalTest {

    private final Dataset digits = Datasets.digits();

    @Test
    void stagesIntroduceDisjointClassGroupsCoveringEveryRowOnce() {
        List<Stage> stages = ClassIncremental.stages(digits, 2, null, 42);
        assertThat(stages).hasSize(5);
        assertThat(stages)
                .extracting(Stage::classes)
                .containsExactly(
                        List.of("0", "1"),
                        List.of("2", "3"),
                        List.of("4", "5"),
                        List.of("6", "7"),
                        List.of("8", "9"));
        Set<String> ids = new HashSet<>();
        for (Stage stage : stages) {
            assertThat(stage.index()).isEqualTo(stages.indexOf(stage));
            assertThat(stage.rows())
                    .allSatisfy(r -> assertThat(stage.classes()).contains(r.label()));
            stage.rows().forEach(r -> assertThat(ids.add(r.id())).as(r.id()).isTrue());
        }
        assertThat(ids).hasSize(1797);
        // shuffled: both classes of the first stage appear early
        assertThat(stages.get(0).rows().subList(0, 20))
                .extracting(LabelledVector::label)
                .contains("0", "1");
    }

    @Test
    void sameSeedGivesSameStreamAndDifferentSeedADifferentOrder() {
        List<Stage> a = ClassIncremental.stages(digits, 2, null, 42);
        List<Stage> b = ClassIncremental.stages(digits, 2, null, 42);
        List<Stage> c = ClassIncremental.stages(digits, 2, null, 43);
        assertThat(a).isEqualTo(b);
        assertThat(ids(a.get(0))).isNotEqualTo(ids(c.get(0)));
        assertThat(ids(a.get(0))).containsExactlyInAnyOrderElementsOf(ids(c.get(0)));
    }

    @Test
    void customClassOrderMaySelectASubsetAndLeaveAShortLastStage() {
        List<Stage> stages = ClassIncremental.stages(digits, 2, List.of("9", "3", "5"), 1);
        assertThat(stages)
                .extracting(Stage::classes)
                .containsExactly(List.of("9", "3"), List.of("5"));
        int expected =
                (int)
                        digits.rows().stream()
                                .filter(r -> Set.of("9", "3", "5").contains(r.label()))
                                .count();
        assertThat(stages.get(0).rows().size() + stages.get(1).rows().size()).isEqualTo(expected);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> ClassIncremental.stages(digits, 0, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classesPerStage must be >= 1, got 0");
        assertThatThrownBy(() -> ClassIncremental.stages(digits, 2, List.of("1", "x"), 1))
                .hasMessage(
                        "classOrder has unknown label 'x'; dataset digits has labels"
                                + " [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
        assertThatThrownBy(() -> ClassIncremental.stages(digits, 2, List.of("1", "1"), 1))
                .hasMessage("classOrder has duplicate label '1'");
        assertThatThrownBy(() -> ClassIncremental.stages(digits, 2, List.of(), 1))
                .hasMessage("classOrder is empty");
    }

    private static List<String> ids(Stage stage) {
        return stage.rows().stream().map(LabelledVector::id).toList();
    }
}
