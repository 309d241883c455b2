package io.protoflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static LabelledVector row(String label) {
        return new LabelledVector("r-" + label, new float[] {0f}, label);
    }

    @Test
    void labelsAreNumericWhenAllIntegersElseLexical() {
        Dataset numeric = new Dataset("n", 1, List.of(row("10"), row("2"), row("-1"), row("2")));
        assertThat(numeric.labels()).containsExactly("-1", "2", "10");
        Dataset mixed = new Dataset("m", 1, List.of(row("10"), row("2"), row("b"), row("a")));
        assertThat(mixed.labels()).containsExactly("10", "2", "a", "b");
    }

    @Test
    void rowsMustMatchDimension() {
        assertThatThrownBy(() -> new Dataset("d", 2, List.of(row("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows[0] ('r-a') has dimension 1, dataset has 2");
    }

    @Test
    void labelledVectorIsImmutable() {
        float[] x = {1f, 2f};
        LabelledVector v = new LabelledVector("id", x, "a");
        x[0] = 9f;
        v.features()[1] = 9f;
        assertThat(v.features()).containsExactly(1f, 2f);
        assertThat(v).isEqualTo(new LabelledVector("id", new float[] {1f, 2f}, "a"));
    }
}
