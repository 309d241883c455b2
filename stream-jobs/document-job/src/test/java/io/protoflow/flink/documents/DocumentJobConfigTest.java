package io.protoflow.flink.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DocumentJobConfigTest {

    @Test
    void defaultsAreValidAndKeepTwoBatchesInFlight() {
        DocumentJobConfig c = DocumentJobConfig.defaults();
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.inFlight()).isEqualTo(64);
        assertThat(c.maxBatchWait()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.encoderFactory().id()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(c.encoderFactory().dimension()).isEqualTo(384);
        assertThat(c.topic("protoflow.documents")).isEqualTo("protoflow.documents");
    }

    @Test
    void invalidValuesFailNamingFieldAndValue() {
        assertThatThrownBy(
                        () ->
                                DocumentJobConfig.builder()
                                        .batching(0, Duration.ofMillis(5), Duration.ofSeconds(1))
                                        .build())
                .hasMessage("batchSize must be in [1, 1024], got 0");
        assertThatThrownBy(
                        () ->
                                DocumentJobConfig.builder()
                                        .batching(8, Duration.ZERO, Duration.ofSeconds(1))
                                        .build())
                .hasMessage("maxBatchWait must be >= 1 ms, got PT0S");
        assertThatThrownBy(
                        () ->
                                DocumentJobConfig.builder()
                                        .batching(8, Duration.ofSeconds(2), Duration.ofSeconds(1))
                                        .build())
                .hasMessage("encodeTimeout must exceed maxBatchWait (PT2S), got PT1S");
        assertThatThrownBy(() -> DocumentJobConfig.builder().encoder("bert", 256, 0).build())
                .hasMessage(
                        "encoderModel must be one of [all-minilm-l6-v2-q, all-minilm-l6-v2], got"
                                + " 'bert'");
        assertThatThrownBy(
                        () ->
                                DocumentJobConfig.builder()
                                        .encoder("all-minilm-l6-v2-q", 4, 0)
                                        .build())
                .hasMessage("maxTokens must be in [8, 512], got 4");
        assertThatThrownBy(() -> DocumentJobConfig.builder().topics(1.0, 8).build())
                .hasMessage("topicMinSimilarity must be in (-1, 1), got 1.0");
        assertThatThrownBy(() -> DocumentJobConfig.builder().topics(0.5, 0).build())
                .hasMessage("maxTopics must be >= 1, got 0");
        assertThatThrownBy(() -> DocumentJobConfig.builder().limits(10, 100).build())
                .hasMessage("maxRecordBytes must be >= 64, got 10");
        assertThatThrownBy(() -> DocumentJobConfig.builder().parallelism(0).build())
                .hasMessage("parallelism must be >= 1, got 0");
        assertThatThrownBy(() -> DocumentJobConfig.builder().jobName(" ").build())
                .hasMessage("jobName must not be blank, got ' '");
    }

    @Test
    void commandLineOptionsBecomeTheConfig() {
        DocumentJobCommand command = new DocumentJobCommand();
        new CommandLine(command)
                .parseArgs(
                        "--batch-size",
                        "8",
                        "--max-batch-wait",
                        "PT0.2S",
                        "--topic-min-similarity",
                        "0.3",
                        "--topic-prefix",
                        "t.",
                        "--bounded");
        DocumentJobConfig c = command.toConfig();
        assertThat(c.batchSize()).isEqualTo(8);
        assertThat(c.maxBatchWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.topicConfig().minSimilarity()).isEqualTo(0.3);
        assertThat(c.topic("protoflow.index-updates")).isEqualTo("t.protoflow.index-updates");
        assertThat(command.toKafkaSettings().bounded()).isTrue();
        assertThat(command.toKafkaSettings().groupId()).isEqualTo("protoflow-documents");
    }
}
