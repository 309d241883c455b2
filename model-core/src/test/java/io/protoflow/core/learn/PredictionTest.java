package io.protoflow.core.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTest {

    private final Prediction p =
            new Prediction(
                    List.of(
                            new ScoredLabel("a", 3.0),
                            new ScoredLabel("b", 2.0),
                            new ScoredLabel("c", 2.0)));

    @Test
    void topIsBestAndTopKKeepsOrder() {
        assertThat(p.top()).contains(new ScoredLabel("a", 3.0));
        assertThat(p.topK(2).ranked()).extracting(ScoredLabel::label).containsExactly("a", "b");
        assertThat(p.topK(10)).isEqualTo(p);
        assertThat(p.topK(0).isEmpty()).isTrue();
        assertThatThrownBy(() -> p.topK(-1)).hasMessage("k must be >= 0, got -1");
    }

    @Test
    void emptyPredictionHasNoTop() {
        assertThat(Prediction.empty().isEmpty()).isTrue();
        assertThat(Prediction.empty().top()).isEmpty();
    }

    @Test
    void rankedIsAnImmutableCopyAndMustBeBestFirst() {
        List<ScoredLabel> list = new ArrayList<>(List.of(new ScoredLabel("a", 1.0)));
        Prediction copy = new Prediction(list);
        list.add(new ScoredLabel("b", 0.0));
        assertThat(copy.size()).isEqualTo(1);
        assertThatThrownBy(() -> copy.ranked().add(new ScoredLabel("x", 0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(
                        () ->
                                new Prediction(
                                        List.of(
                                                new ScoredLabel("a", 1.0),
                                                new ScoredLabel("b", 2.0))))
                .hasMessage("ranked must be best first, but ranked[1] scores 2.0 after 1.0");
        assertThatThrownBy(() -> new ScoredLabel("a", Double.NaN))
                .hasMessage("score for label 'a' is NaN");
    }
}
