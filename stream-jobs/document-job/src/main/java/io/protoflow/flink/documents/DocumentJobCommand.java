package io.protoflow.flink.documents;

import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the document job ({@code protoflow documents}, or {@link DocumentJob#main} under
 * {@code flink run}): parses flags at the edge, validates them in {@link DocumentJobConfig},
 * creates missing topics and runs the job in the context environment (a local MiniCluster when not
 * submitted to a cluster).
 */
@Command(
        name = "documents",
        mixinStandardHelpOptions = true,
        description =
                "Document job: protoflow.documents -> batched sentence encoding -> topic"
                        + " prototypes -> protoflow.index-updates (compacted), exactly once.",
        sortOptions = false)
public final class DocumentJobCommand implements Callable<Integer> {

    @Option(
            names = "--job-name",
            defaultValue = DocumentJobConfig.DEFAULT_JOB_NAME,
            description = "Flink job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            description = "Prefix for every topic name (default: none).")
    String topicPrefix;

    @Option(
            names = "--encoder",
            defaultValue = "all-minilm-l6-v2-q",
            description =
                    "Sentence encoder: all-minilm-l6-v2-q (int8) or all-minilm-l6-v2 (fp32, its jar"
                            + " must be on the classpath) (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(
            names = "--max-tokens",
            defaultValue = "256",
            description = "Word pieces kept per text (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(
            names = "--encoder-threads",
            defaultValue = "0",
            description = "ONNX Runtime threads per encoding subtask, 0 = one per core.")
    int encoderThreads;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description =
                    "Texts per encoder call (default: ${DEFAULT-VALUE}). With the int8 model a"
                            + " batched vector depends on its batch-mates (cosine 0.98-0.99 to"
                            + " the text encoded alone); 1 gives reproducible vectors.")
    int batchSize;

    @Option(
            names = "--max-batch-wait",
            defaultValue = "PT0.05S",
            description =
                    "Longest a text waits for its batch to fill, ISO-8601 (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration maxBatchWait;

    @Option(
            names = "--encode-timeout",
            defaultValue = "PT5M",
            description =
                    "A document not encoded within this fails the job, which restarts from its"
                            + " last checkpoint, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration encodeTimeout;

    @Option(
            names = "--topic-min-similarity",
            defaultValue = "0.5",
            description =
                    "A document less similar (cosine) than this to every topic centre opens a new"
                            + " topic (default: ${DEFAULT-VALUE}).")
    double topicMinSimilarity;

    @Option(
            names = "--max-topics",
            defaultValue = "64",
            description = "Most topics per collection (default: ${DEFAULT-VALUE}).")
    int maxTopics;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "2097152",
            description = "Larger records go to dead letters (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(
            names = "--max-text-bytes",
            defaultValue = "1048576",
            description =
                    "Larger title + text (UTF-8) goes to dead letters (default: ${DEFAULT-VALUE}).")
    int maxTextBytes;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT5S",
            description =
                    "Checkpoint interval, ISO-8601; index updates are committed at checkpoints"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Parallelism of reading and encoding (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--group-id",
            defaultValue = "protoflow-documents",
            description = "Consumer group of the documents source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Kafka client property for every client, repeatable"
                            + " (security.protocol, sasl.*, ssl.*).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(
            names = "--bounded",
            description = "Stop at the end offsets seen at start (index a topic once).")
    boolean bounded;

    /** The validated job configuration. */
    public DocumentJobConfig toConfig() {
        return DocumentJobConfig.builder()
                .jobName(jobName)
                .topicPrefix(topicPrefix)
                .encoder(encoder, maxTokens, encoderThreads)
                .batching(batchSize, maxBatchWait, encodeTimeout)
                .topics(topicMinSimilarity, maxTopics)
                .limits(maxRecordBytes, maxTextBytes)
                .checkpointInterval(checkpointInterval)
                .parallelism(parallelism)
                .build();
    }

    /** How the job reaches Kafka. */
    public KafkaSettings toKafkaSettings() {
        return new KafkaSettings(bootstrapServers, groupId, bounded, kafkaProperties);
    }

    @Override
    public Integer call() throws Exception {
        DocumentJobConfig config = toConfig();
        KafkaSettings kafka = toKafkaSettings();
        Map<String, Object> admin = new HashMap<>(kafkaProperties);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin client = Admin.create(admin)) {
            TopicAdmin.createIfMissing(
                    client,
                    List.of(Topics.DOCUMENTS, Topics.INDEX_UPDATES, Topics.DEAD_LETTERS),
                    topicPrefix,
                    1,
                    (short) 1,
                    Duration.ofSeconds(30));
        }
        DocumentJob.onKafka(config, kafka).execute();
        return 0;
    }

    /** Parses {@code args} and runs the job; returns the exit status. */
    public static int run(String... args) {
        return new CommandLine(new DocumentJobCommand()).execute(args);
    }
}
