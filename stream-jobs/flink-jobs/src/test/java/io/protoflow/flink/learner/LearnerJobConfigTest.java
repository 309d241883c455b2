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

    @Test
    void watermarksFollowRecordTimestampsBehindTheOutOfOrdernessBound() {
        LearnerJobConfig config =
                LearnerJobConfig.builder()
                        .eventTime(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(9))
                        .build();
        var strategy = LearnerJob.watermarks(config);
        io.protoflow.flink.kafka.RawRecord r =
                new io.protoflow.flink.kafka.RawRecord("t", 0, 1, 10_000L, null, new byte[0]);
        assertThat(strategy.createTimestampAssigner(null).extractTimestamp(r, 0))
                .isEqualTo(10_000L);
        var generator =
                strategy.createWatermarkGenerator(
                        new org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier
                                .Context() {
                            @Override
                            public org.apache.flink.metrics.MetricGroup getMetricGroup() {
                                return new org.apache.flink.metrics.groups
                                        .UnregisteredMetricsGroup();
                            }

                            @Override
                            public org.apache.flink.util.clock.RelativeClock
                                    getInputActivityClock() {
                                return org.apache.flink.util.clock.SystemClock.getInstance();
                            }
                        });
        java.util.List<Long> emitted = new java.util.ArrayList<>();
        var output =
                new org.apache.flink.api.common.eventtime.WatermarkOutput() {
                    @Override
                    public void emitWatermark(
                            org.apache.flink.api.common.eventtime.Watermark watermark) {
                        emitted.add(watermark.getTimestamp());
                    }

                    @Override
                    public void markIdle() {}

                    @Override
                    public void markActive() {}
                };
        generator.onEvent(r, 10_000L, output);
        generator.onEvent(r, 7_000L, output);
        generator.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(10_000L - 2_000L - 1);
        assertThatThrownBy(
                        () ->
                                LearnerJobConfig.builder()
                                        .eventTime(
                                                java.time.Duration.ofSeconds(-1),
                                                java.time.Duration.ofSeconds(1))
                                        .build())
                .hasMessage("maxOutOfOrderness must be >= 0, got PT-1S");
    }
}
