package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.KafkaSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line options of the learner job, shared by {@link LearnerJob#main} and the {@code
 * protoflow local} command. Parsing happens here, at the edge; validation in {@link
 * LearnerJobConfig}.
 */
@Command(
        name = "learner-job",
        mixinStandardHelpOptions = true,
        description = "Online prototype learner: test-then-train over protoflow.examples.")
public class LearnerJobOptions {

    @Option(
            names = "--job-name",
            defaultValue = LearnerJobConfig.DEFAULT_JOB_NAME,
            description = "Flink job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            description = "Prefix for every topic name (default: none).")
    String topicPrefix;

    @Option(
            names = "--learner",
            defaultValue = "ncm",
            description = "Learner type (default: ${DEFAULT-VALUE}).")
    String learner;

    @Option(
            names = "--learner-param",
            paramLabel = "KEY=VALUE",
            description = "Learner parameter, repeatable, e.g. metric=cosine.")
    Map<String, String> learnerParams = new LinkedHashMap<>();

    @Option(
            names = "--dimension",
            defaultValue = "0",
            description = "Feature dimension; 0 takes it from each model's first example.")
    int dimension;

    @Option(
            names = "--top-k",
            defaultValue = "5",
            description = "Ranked labels per prediction (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--snapshot-every",
            defaultValue = "500",
            description =
                    "Publish a snapshot every N learned examples (default: ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(
            names = "--snapshot-interval",
            defaultValue = "PT10S",
            description =
                    "Also publish after this long with unpublished learning, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration snapshotInterval;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT5S",
            description =
                    "Checkpoint interval, ISO-8601; outputs are committed at checkpoints"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "1048576",
            description = "Larger records go to dead letters (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(
            names = "--shards-per-model",
            defaultValue = "1",
            description =
                    "Learner shards per model: >1 spreads a model's examples over parallel"
                            + " subtasks and merges them into one global model (default:"
                            + " ${DEFAULT-VALUE}).")
    int shardsPerModel;

    @Option(
            names = "--merge-every",
            defaultValue = "100",
            description =
                    "With shards: flush a shard's delta every N examples (default: ${DEFAULT-VALUE}).")
    long mergeEvery;

    @Option(
            names = "--merge-interval",
            defaultValue = "PT2S",
            description =
                    "With shards: also flush after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration mergeInterval;

    @Option(
            names = "--monitoring",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "OOD scores on predictions, drift / OOD-rate / novel-class alerts"
                            + " (default: on; --no-monitoring switches it off).")
    boolean monitoring;

    @Option(
            names = "--ood-scorer",
            defaultValue = "energy",
            description =
                    "Primary OOD scorer: energy, knn, mahalanobis (streaming-lda) or max-cosine"
                            + " (default: ${DEFAULT-VALUE}).")
    String oodScorer;

    @Option(
            names = "--ood-param",
            paramLabel = "KEY=VALUE",
            description = "OOD scorer parameter, repeatable, e.g. k=10.")
    Map<String, String> oodParams = new LinkedHashMap<>();

    @Option(
            names = "--ood-target-rate",
            defaultValue = "0.05",
            description =
                    "Share of in-distribution records the calibrated OOD threshold flags"
                            + " (default: ${DEFAULT-VALUE}).")
    double oodTargetRate;

    @Option(
            names = "--drift-detector",
            defaultValue = "adwin",
            description =
                    "Error-rate drift detector: adwin, ddm, page-hinkley or kswin"
                            + " (default: ${DEFAULT-VALUE}).")
    String driftDetector;

    @Option(
            names = "--discovery",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Cluster OOD records into novel-class candidates (default: on).")
    boolean discovery;

    @Option(
            names = "--label-ttl",
            defaultValue = "PT1H",
            description =
                    "How long a prediction waits for a late label on the labels topic, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration labelTtl;

    @Option(
            names = "--max-out-of-orderness",
            defaultValue = "PT5S",
            description =
                    "Watermark delay behind the newest record timestamp, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration maxOutOfOrderness;

    @Option(
            names = "--idle-timeout",
            defaultValue = "PT30S",
            description =
                    "A partition without records for this long no longer holds the watermark"
                            + " back, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @ArgGroup(exclusive = false, heading = "Kafka%n")
    KafkaOptions kafka = new KafkaOptions();

    /** The validated job configuration. */
    public LearnerJobConfig toConfig() {
        return new LearnerJobConfig(
                jobName,
                topicPrefix,
                learner,
                learnerParams,
                dimension,
                topK,
                snapshotEvery,
                snapshotInterval,
                checkpointInterval,
                parallelism,
                maxRecordBytes,
                shardsPerModel,
                mergeEvery,
                mergeInterval,
                new MonitoringSettings(
                        monitoring,
                        oodScorer,
                        oodParams,
                        oodTargetRate,
                        driftDetector,
                        discovery,
                        labelTtl),
                maxOutOfOrderness,
                idleTimeout);
    }

    /** The Kafka options. */
    public KafkaOptions kafka() {
        return kafka;
    }

    /** How the job reaches Kafka. */
    public static class KafkaOptions {
        @Option(
                names = "--bootstrap-servers",
                defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
        String bootstrapServers = "127.0.0.1:9092";

        @Option(
                names = "--group-id",
                defaultValue = "protoflow-learner",
                description = "Consumer group of the examples source (default: ${DEFAULT-VALUE}).")
        String groupId = "protoflow-learner";

        @Option(
                names = "--kafka-property",
                paramLabel = "KEY=VALUE",
                description =
                        "Kafka client property for every client, repeatable"
                                + " (security.protocol, sasl.*, ssl.*).")
        Map<String, String> properties = new LinkedHashMap<>();

        @Option(
                names = "--bounded",
                description = "Stop at the end offsets seen at start (replay a topic once).")
        boolean bounded;

        /** Whether an explicit bootstrap server list was given. */
        public String bootstrapServers() {
            return bootstrapServers;
        }

        /** The settings with the given bootstrap servers (e.g. an embedded broker). */
        public KafkaSettings toSettings(String bootstrap) {
            return new KafkaSettings(bootstrap, groupId, bounded, properties);
        }

        /** The settings as given on the command line. */
        public KafkaSettings toSettings() {
            return toSettings(bootstrapServers);
        }
    }
}
