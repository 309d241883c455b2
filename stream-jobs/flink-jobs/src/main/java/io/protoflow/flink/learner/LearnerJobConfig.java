package io.protoflow.flink.learner;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration of the learner job, validated on construction so that a bad value fails before
 * anything starts, with a message naming the field and the value.
 *
 * @param jobName Flink job name; also names transactional ids and snapshot provenance
 * @param topicPrefix prefix for every topic name (empty for the registry names)
 * @param learnerType model-core learner type, e.g. {@code ncm}
 * @param learnerParams learner parameters, e.g. {@code metric=cosine}
 * @param dimension feature dimension every model expects, or 0 to take it from a model's first
 *     example
 * @param topK ranked labels kept per prediction
 * @param snapshotEveryRecords publish a snapshot after this many learned examples of a model
 * @param snapshotInterval also publish when this much time passed with unpublished learning
 * @param checkpointInterval Flink checkpoint interval; outputs become visible at checkpoints
 * @param parallelism job parallelism
 * @param maxRecordBytes records larger than this go to the dead-letter topic
 * @param shardsPerModel 1: each model is learned by one subtask; more: each model's examples are
 *     spread over this many learner shards whose deltas a merger folds into one global model
 * @param mergeEveryRecords with shards: a shard flushes its delta after this many examples
 * @param mergeInterval with shards: ... or after this long with unflushed learning
 * @param monitoring OOD scores, drift and novelty alerts (single-shard models only)
 * @param maxOutOfOrderness how far behind the newest record timestamp the watermark stays
 * @param idleTimeout a source split without records for this long stops holding the watermark back
 */
public record LearnerJobConfig(
        String jobName,
        String topicPrefix,
        String learnerType,
        Map<String, String> learnerParams,
        int dimension,
        int topK,
        long snapshotEveryRecords,
        Duration snapshotInterval,
        Duration checkpointInterval,
        int parallelism,
        int maxRecordBytes,
        int shardsPerModel,
        long mergeEveryRecords,
        Duration mergeInterval,
        MonitoringSettings monitoring,
        Duration maxOutOfOrderness,
        Duration idleTimeout)
        implements Serializable {

    /** Default job name. */
    public static final String DEFAULT_JOB_NAME = "protoflow-learner";

    /** Validates every field. */
    public LearnerJobConfig {
        require(
                jobName != null && !jobName.isBlank(),
                "jobName must not be blank, got " + q(jobName));
        require(topicPrefix != null, "topicPrefix must not be null (use \"\")");
        require(
                learnerType != null && !learnerType.isBlank(),
                "learnerType must not be blank, got " + q(learnerType));
        learnerParams = learnerParams == null ? Map.of() : Map.copyOf(learnerParams);
        require(
                dimension >= 0,
                "dimension must be >= 0 (0 = from the first example), got " + dimension);
        require(topK >= 1, "topK must be >= 1, got " + topK);
        require(
                snapshotEveryRecords >= 1,
                "snapshotEveryRecords must be >= 1, got " + snapshotEveryRecords);
        require(
                snapshotInterval != null && snapshotInterval.toMillis() >= 1,
                "snapshotInterval must be >= 1 ms, got " + snapshotInterval);
        require(
                checkpointInterval != null && checkpointInterval.toMillis() >= 10,
                "checkpointInterval must be >= 10 ms, got " + checkpointInterval);
        require(parallelism >= 1, "parallelism must be >= 1, got " + parallelism);
        require(maxRecordBytes >= 64, "maxRecordBytes must be >= 64, got " + maxRecordBytes);
        require(shardsPerModel >= 1, "shardsPerModel must be >= 1, got " + shardsPerModel);
        require(mergeEveryRecords >= 1, "mergeEveryRecords must be >= 1, got " + mergeEveryRecords);
        require(
                mergeInterval != null && mergeInterval.toMillis() >= 1,
                "mergeInterval must be >= 1 ms, got " + mergeInterval);
        require(monitoring != null, "monitoring must not be null (use MonitoringSettings.OFF)");
        require(
                maxOutOfOrderness != null && !maxOutOfOrderness.isNegative(),
                "maxOutOfOrderness must be >= 0, got " + maxOutOfOrderness);
        require(
                idleTimeout != null && idleTimeout.toMillis() >= 1,
                "idleTimeout must be >= 1 ms, got " + idleTimeout);
    }

    /**
     * Defaults: nearest class mean, snapshots every 500 examples or 10 s, checkpoints every 5 s.
     */
    public static LearnerJobConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobName = jobName;
        b.topicPrefix = topicPrefix;
        b.learnerType = learnerType;
        b.learnerParams = learnerParams;
        b.dimension = dimension;
        b.topK = topK;
        b.snapshotEveryRecords = snapshotEveryRecords;
        b.snapshotInterval = snapshotInterval;
        b.checkpointInterval = checkpointInterval;
        b.parallelism = parallelism;
        b.maxRecordBytes = maxRecordBytes;
        b.shardsPerModel = shardsPerModel;
        b.mergeEveryRecords = mergeEveryRecords;
        b.mergeInterval = mergeInterval;
        b.monitoring = monitoring;
        b.maxOutOfOrderness = maxOutOfOrderness;
        b.idleTimeout = idleTimeout;
        return b;
    }

    /** Builds a {@link LearnerJobConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private String jobName = DEFAULT_JOB_NAME;
        private String topicPrefix = "";
        private String learnerType = "ncm";
        private Map<String, String> learnerParams = Map.of();
        private int dimension = 0;
        private int topK = 5;
        private long snapshotEveryRecords = 500;
        private Duration snapshotInterval = Duration.ofSeconds(10);
        private Duration checkpointInterval = Duration.ofSeconds(5);
        private int parallelism = 1;
        private int maxRecordBytes = 1 << 20;
        private int shardsPerModel = 1;
        private long mergeEveryRecords = 100;
        private Duration mergeInterval = Duration.ofSeconds(2);
        private MonitoringSettings monitoring = MonitoringSettings.DEFAULTS;
        private Duration maxOutOfOrderness = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofSeconds(30);

        private Builder() {}

        public Builder jobName(String v) {
            jobName = v;
            return this;
        }

        public Builder topicPrefix(String v) {
            topicPrefix = v;
            return this;
        }

        public Builder learner(String type, Map<String, String> params) {
            learnerType = type;
            learnerParams = params;
            return this;
        }

        public Builder dimension(int v) {
            dimension = v;
            return this;
        }

        public Builder topK(int v) {
            topK = v;
            return this;
        }

        public Builder snapshotEvery(long records, Duration interval) {
            snapshotEveryRecords = records;
            snapshotInterval = interval;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            checkpointInterval = v;
            return this;
        }

        public Builder parallelism(int v) {
            parallelism = v;
            return this;
        }

        public Builder maxRecordBytes(int v) {
            maxRecordBytes = v;
            return this;
        }

        public Builder shards(int shardsPerModel, long mergeEveryRecords, Duration mergeInterval) {
            this.shardsPerModel = shardsPerModel;
            this.mergeEveryRecords = mergeEveryRecords;
            this.mergeInterval = mergeInterval;
            return this;
        }

        public Builder monitoring(MonitoringSettings v) {
            monitoring = v;
            return this;
        }

        public Builder eventTime(Duration maxOutOfOrderness, Duration idleTimeout) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The validated configuration. */
        public LearnerJobConfig build() {
            return new LearnerJobConfig(
                    jobName,
                    topicPrefix,
                    learnerType,
                    learnerParams,
                    dimension,
                    topK,
                    snapshotEveryRecords,
                    snapshotInterval,
                    checkpointInterval,
                    parallelism,
                    maxRecordBytes,
                    shardsPerModel,
                    mergeEveryRecords,
                    mergeInterval,
                    monitoring,
                    maxOutOfOrderness,
                    idleTimeout);
        }
    }

    /** The full name of a registry topic under this job's prefix. */
    public String topic(String registryName) {
        return topicPrefix + registryName;
    }

    /**
     * SHA-256 over the settings that shape the model (not over cadences), recorded in every
     * snapshot's provenance so two snapshots can be told apart by how they were made.
     */
    public String digest() {
        String canonical =
                "learnerType="
                        + learnerType
                        + ";params="
                        + new TreeMap<>(learnerParams)
                        + ";dimension="
                        + dimension
                        + ";topK="
                        + topK;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String q(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
