package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerJobConfigTest {

    @Test
    void invalidValuesFailNamingFieldAndValue() {
        assertThatThrownBy(() -> LearnerJobConfig.builder().topK(0).build())
                .hasMessage("topK must be >= 1, got 0");
        assertThatThrownBy(() -> LearnerJobConfig.builder().parallelism(-2).build())
                .hasMessage("parallelism must be >= 1, got -2");
        assertThatThrownBy(
                        () ->
                                LearnerJobConfig.builder()
                                        .snapshotEvery(0, Duration.ofSeconds(1))
                                        .build())
                .hasMessage("snapshotEveryRecords must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                LearnerJobConfig.builder()
                                        .checkpointInterval(Duration.ofMillis(1))
                                        .build())
                .hasMessage("checkpointInterval must be >= 10 ms, got PT0.001S");
        assertThatThrownBy(() -> LearnerJobConfig.builder().learner(" ", Map.of()).build())
                .hasMessage("learnerType must not be blank, got ' '");
        assertThatThrownBy(() -> LearnerJobConfig.builder().dimension(-1).build())
                .hasMessageStartingWith("dimension must be >= 0");
    }

    @Test
    void unknownLearnerOrParameterFailsWhenTheJobIsBuiltNotAtTheFirstRecord() {
        LearnerJobConfig unknownType = LearnerJobConfig.builder().learner("svm", Map.of()).build();
        assertThatThrownBy(() -> new PrototypeLearnerFunction(unknownType))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svm");
        LearnerJobConfig badParam =
                LearnerJobConfig.builder().learner("ncm", Map.of("metric", "manhattan")).build();
        assertThatThrownBy(() -> new PrototypeLearnerFunction(badParam))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("manhattan");
    }

    @Test
    void digestChangesWithModelSettingsButNotWithCadence() {
        LearnerJobConfig base = LearnerJobConfig.defaults();
        assertThat(base.digest()).hasSize(64).isEqualTo(LearnerJobConfig.defaults().digest());
        assertThat(base.toBuilder().snapshotEvery(7, Duration.ofMinutes(3)).build().digest())
                .isEqualTo(base.digest());
        assertThat(base.toBuilder().learner("ncm", Map.of("metric", "cosine")).build().digest())
                .isNotEqualTo(base.digest());
    }

    @Test
    void topicPrefixIsPrependedToRegistryNames() {
        assertThat(
                        LearnerJobConfig.builder()
                                .topicPrefix("team-a.")
                                .build()
                                .topic("protoflow.examples"))
                .isEqualTo("team-a.protoflow.examples");
    }
}
