package io.protoflow.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.eval.PrequentialAccuracy.ClassTally;
import org.junit.jupiter.api.Test;

class PrequentialAccuracyTest {

    @Test
    void emptyTallyReportsZeroNotNaN() {
        PrequentialAccuracy acc = new PrequentialAccuracy(10);
        assertThat(acc.total()).isZero();
        assertThat(acc.accuracy()).isZero();
        assertThat(acc.recentAccuracy()).isZero();
        assertThat(acc.perClass()).isEmpty();
        assertThat(acc.classTally("x")).isEqualTo(new ClassTally(0, 0));
        assertThat(new ClassTally(0, 0).accuracy()).isZero();
    }

    @Test
    void countsOverallAndPerClassInFirstSeenOrder() {
        PrequentialAccuracy acc = new PrequentialAccuracy(100);
        acc.record("b", null); // no prediction yet: wrong
        acc.record("a", "b");
        acc.record("b", "b");
        acc.record("a", "a");
        acc.record("a", "a");
        assertThat(acc.total()).isEqualTo(5);
        assertThat(acc.correct()).isEqualTo(3);
        assertThat(acc.accuracy()).isEqualTo(0.6);
        assertThat(acc.perClass().keySet()).containsExactly("b", "a");
        assertThat(acc.perClass().get("a")).isEqualTo(new ClassTally(3, 2));
        assertThat(acc.perClass().get("b")).isEqualTo(new ClassTally(2, 1));
        assertThat(acc.perClass().get("b").accuracy()).isEqualTo(0.5);
        assertThatThrownBy(() -> acc.perClass().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recentAccuracySlidesOverTheLastWindowRecords() {
        PrequentialAccuracy acc = new PrequentialAccuracy(4);
        acc.record("a", "a");
        acc.record("a", "a");
        assertThat(acc.recentTotal()).isEqualTo(2);
        assertThat(acc.recentAccuracy()).isEqualTo(1.0);
        acc.record("a", "x");
        acc.record("a", "x");
        assertThat(acc.recentAccuracy()).isEqualTo(0.5);
        acc.record("a", "x"); // evicts the first hit
        assertThat(acc.recentTotal()).isEqualTo(4);
        assertThat(acc.recentAccuracy()).isEqualTo(0.25);
        acc.record("a", "x");
        assertThat(acc.recentAccuracy()).isZero();
        for (int i = 0; i < 4; i++) {
            acc.record("a", "a");
        }
        assertThat(acc.recentAccuracy()).isEqualTo(1.0);
        assertThat(acc.accuracy()).isEqualTo(6.0 / 10);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new PrequentialAccuracy(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be >= 1, got 0");
        assertThatThrownBy(() -> new PrequentialAccuracy(1).record(null, "a"))
                .hasMessage("trueLabel is null");
    }
}
