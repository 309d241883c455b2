package io.protoflow.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerSpecTest {

    @Test
    void parsesTypeAlone() {
        LearnerSpec s = LearnerSpec.parse("ncm");
        assertThat(s.type()).isEqualTo("ncm");
        assertThat(s.params()).isEmpty();
        assertThat(s).hasToString("ncm");
    }

    @Test
    void parsesTypeWithParametersInOrder() {
        LearnerSpec s =
                LearnerSpec.parse("random-features:outputDimension=2048, inner=streaming-lda");
        assertThat(s.type()).isEqualTo("random-features");
        assertThat(s.params())
                .containsExactly(
                        Map.entry("outputDimension", "2048"), Map.entry("inner", "streaming-lda"));
        assertThat(s).hasToString("random-features:outputDimension=2048,inner=streaming-lda");
    }

    @Test
    void listSplitsOnCommasButKeepsParameterContinuations() {
        List<LearnerSpec> specs =
                LearnerSpec.parseList(
                        "ncm,ncm:metric=cosine,random-features:outputDimension=2048,inner=streaming-lda,streaming-lda");
        assertThat(specs)
                .extracting(LearnerSpec::toString)
                .containsExactly(
                        "ncm",
                        "ncm:metric=cosine",
                        "random-features:outputDimension=2048,inner=streaming-lda",
                        "streaming-lda");
    }

    @Test
    void listAcceptsSemicolons() {
        assertThat(LearnerSpec.parseList("ncm:metric=cosine; ncm"))
                .extracting(LearnerSpec::toString)
                .containsExactly("ncm:metric=cosine", "ncm");
    }

    @Test
    void rejectsMalformedSpecsNamingThem() {
        assertThatThrownBy(() -> LearnerSpec.parse("ncm:metric"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'metric' is not key=value");
        assertThatThrownBy(() -> LearnerSpec.parse(":metric=cosine"))
                .hasMessageContaining("has no type");
        assertThatThrownBy(() -> LearnerSpec.parse("ncm:metric=a,metric=b"))
                .hasMessageContaining("duplicate parameter 'metric'");
        assertThatThrownBy(() -> LearnerSpec.parseList("metric=cosine,ncm"))
                .hasMessageContaining("comes before any learner type");
        assertThatThrownBy(() -> LearnerSpec.parse(" ")).hasMessageContaining("blank");
    }

    @Test
    void unknownTypeFailsWithTheLearnerFactorysMessage() {
        assertThatThrownBy(() -> LearnerSpec.parse("no-such-learner").create(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown learner type 'no-such-learner'")
                .hasMessageContaining("ncm");
    }

    @Test
    void createsTheNamedLearnerWithItsParameters() {
        assertThat(LearnerSpec.parse("ncm:metric=cosine").create(3).snapshot().params())
                .containsEntry("metric", "cosine");
        assertThatThrownBy(() -> LearnerSpec.parse("ncm:metric=manhattan").create(3))
                .hasMessageContaining("manhattan");
    }
}
