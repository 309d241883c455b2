package io.protoflow.flink.documents;

import io.protoflow.core.index.TopicConfig;
import io.protoflow.encoder.EncoderModel;
import io.protoflow.stream.mapping.DocumentMapper;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * Configuration of the document job, validated on construction so a bad value fails before anything
 * starts, with a message naming the field and the value.
 *
 * <p><b>Batching trade-off.</b> Texts are encoded {@code batchSize} at a time, and a text waits at
 * most {@code maxBatchWait} for its batch to fill. Batches amortise the per-call cost of the model,
 * but with the int8 MiniLM (the default model) a text's vector depends on its batch-mates: the
 * model quantises activations with one scale per batch tensor and pads every text to the longest
 * one, so a batched vector is close to the text's vector encoded alone, not equal to it (cosine
 * above 0.99 for texts of similar length, 0.984 seen for a short text among long ones). That is
 * enough to reorder near-tied search hits (see bench/RESULTS.md), and which texts share a batch
 * depends on arrival timing, so a replay need not reproduce a vector bit for bit. Use {@code
 * batchSize = 1} where reproducible vectors matter more than throughput; on 2 shared cores,
 * batching long abstracts gained little over one text per call.
 *
 * @param jobName Flink job name; also prefixes the sinks' transactional ids
 * @param topicPrefix prefix of every topic name (empty for the registry names)
 * @param encoderModel sentence-encoder model id, e.g. {@code all-minilm-l6-v2-q}
 * @param maxTokens longest encoder input in word pieces; longer texts are truncated
 * @param encoderThreads ONNX Runtime intra-op threads per encoding subtask, 0 for its default
 * @param batchSize most texts per encoder call
 * @param maxBatchWait longest a text waits for its batch to fill before the batch is encoded anyway
 * @param encodeTimeout a document not encoded within this time fails the job (it restarts from the
 *     last checkpoint); must exceed {@code maxBatchWait}
 * @param topicMinSimilarity a document whose cosine to every topic centre is below this opens a new
 *     topic
 * @param maxTopics most topics per collection
 * @param maxRecordBytes larger record values go to dead letters before decoding
 * @param maxTextBytes larger title plus text (UTF-8) goes to dead letters
 * @param checkpointInterval Flink checkpoint interval; index updates become visible at checkpoints
 * @param parallelism parallelism of the source, decoding and encoding (topic assignment and the
 *     sink run at parallelism 1, see {@link DocumentJob})
 */
public record DocumentJobConfig(
        String jobName,
        String topicPrefix,
        String encoderModel,
        int maxTokens,
        int encoderThreads,
        int batchSize,
        Duration maxBatchWait,
        Duration encodeTimeout,
        double topicMinSimilarity,
        int maxTopics,
        int maxRecordBytes,
        int maxTextBytes,
        Duration checkpointInterval,
        int parallelism)
        implements Serializable {

    /** Default job name. */
    public static final String DEFAULT_JOB_NAME = "protoflow-documents";

    /** Most texts per encoder call this job accepts. */
    public static final int MAX_BATCH_SIZE = 1024;

    /** Validates every field. */
    public DocumentJobConfig {
        require(
                jobName != null && !jobName.isBlank(),
                "jobName must not be blank, got " + q(jobName));
        require(topicPrefix != null, "topicPrefix must not be null (use \"\")");
        require(
                encoderModel != null
                        && Arrays.stream(EncoderModel.values())
                                .anyMatch(m -> m.id().equals(encoderModel)),
                "encoderModel must be one of "
                        + Arrays.stream(EncoderModel.values()).map(EncoderModel::id).toList()
                        + ", got "
                        + q(encoderModel));
        require(
                maxTokens >= 8 && maxTokens <= 512,
                "maxTokens must be in [8, 512], got " + maxTokens);
        require(encoderThreads >= 0, "encoderThreads must be >= 0, got " + encoderThreads);
        require(
                batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "batchSize must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        require(
                maxBatchWait != null && maxBatchWait.toMillis() >= 1,
                "maxBatchWait must be >= 1 ms, got " + maxBatchWait);
        require(
                encodeTimeout != null && encodeTimeout.compareTo(maxBatchWait) > 0,
                "encodeTimeout must exceed maxBatchWait ("
                        + maxBatchWait
                        + "), got "
                        + encodeTimeout);
        require(
                topicMinSimilarity > -1 && topicMinSimilarity < 1,
                "topicMinSimilarity must be in (-1, 1), got " + topicMinSimilarity);
        require(maxTopics >= 1, "maxTopics must be >= 1, got " + maxTopics);
        require(maxRecordBytes >= 64, "maxRecordBytes must be >= 64, got " + maxRecordBytes);
        require(maxTextBytes >= 1, "maxTextBytes must be >= 1, got " + maxTextBytes);
        require(
                checkpointInterval != null && checkpointInterval.toMillis() >= 10,
                "checkpointInterval must be >= 10 ms, got " + checkpointInterval);
        require(parallelism >= 1, "parallelism must be >= 1, got " + parallelism);
    }

    /** Defaults: int8 MiniLM, batches of 32 waiting at most 50 ms, checkpoints every 5 s. */
    public static DocumentJobConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The full name of a registry topic under this job's prefix. */
    public String topic(String registryName) {
        return topicPrefix + registryName;
    }

    /** How documents are grouped into topics. */
    public TopicConfig topicConfig() {
        return new TopicConfig(topicMinSimilarity, maxTopics);
    }

    /** The encoder this configuration names. */
    public EncoderFactory encoderFactory() {
        return new OnnxEncoderFactory(encoderModel, maxTokens, encoderThreads);
    }

    /**
     * In-flight documents per encoding subtask (the async operator's capacity): two batches, so one
     * fills while the other is encoded.
     */
    public int inFlight() {
        return 2 * batchSize;
    }

    /** Builds a {@link DocumentJobConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private String jobName = DEFAULT_JOB_NAME;
        private String topicPrefix = "";
        private String encoderModel = EncoderModel.MINILM_L6_V2_Q.id();
        private int maxTokens = 256;
        private int encoderThreads = 0;
        private int batchSize = 32;
        private Duration maxBatchWait = Duration.ofMillis(50);
        private Duration encodeTimeout = Duration.ofMinutes(5);
        private double topicMinSimilarity = TopicConfig.defaults().minSimilarity();
        private int maxTopics = TopicConfig.defaults().maxTopics();
        private int maxRecordBytes = 2 * DocumentMapper.DEFAULT_MAX_TEXT_BYTES;
        private int maxTextBytes = DocumentMapper.DEFAULT_MAX_TEXT_BYTES;
        private Duration checkpointInterval = Duration.ofSeconds(5);
        private int parallelism = 1;

        private Builder() {}

        public Builder jobName(String v) {
            jobName = v;
            return this;
        }

        public Builder topicPrefix(String v) {
            topicPrefix = v;
            return this;
        }

        public Builder encoder(String model, int maxTokens, int threads) {
            this.encoderModel = model;
            this.maxTokens = maxTokens;
            this.encoderThreads = threads;
            return this;
        }

        public Builder batching(int batchSize, Duration maxWait, Duration encodeTimeout) {
            this.batchSize = batchSize;
            this.maxBatchWait = maxWait;
            this.encodeTimeout = encodeTimeout;
            return this;
        }

        public Builder topics(double minSimilarity, int maxTopics) {
            this.topicMinSimilarity = minSimilarity;
            this.maxTopics = maxTopics;
            return this;
        }

        public Builder limits(int maxRecordBytes, int maxTextBytes) {
            this.maxRecordBytes = maxRecordBytes;
            this.maxTextBytes = maxTextBytes;
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

        /** The validated configuration. */
        public DocumentJobConfig build() {
            return new DocumentJobConfig(
                    jobName,
                    topicPrefix,
                    encoderModel,
                    maxTokens,
                    encoderThreads,
                    batchSize,
                    maxBatchWait,
                    encodeTimeout,
                    topicMinSimilarity,
                    maxTopics,
                    maxRecordBytes,
                    maxTextBytes,
                    checkpointInterval,
                    parallelism);
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
