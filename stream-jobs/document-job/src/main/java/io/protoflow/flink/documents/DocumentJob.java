package io.protoflow.flink.documents;

import io.protoflow.flink.kafka.AvroRecordSerializer;
import io.protoflow.flink.kafka.KafkaConnectors;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.flink.learner.OutputTags;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.topics.Topics;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The document job.
 *
 * <pre>
 * documents ──► decode/validate ──► encode (async, micro-batches) ──► keyBy(collection) ──► assign topics ──► index-updates
 *                    │                                                                          │
 *                    └──────────────────────────► dead letters ◄───────────────────────────────┘
 * </pre>
 *
 * <p>Upserts become index updates with the sentence vector of title and text and the id of the
 * collection's online topic prototype; a DELETE document becomes a DELETE update followed by a
 * tombstone, and a tombstone on the documents topic a tombstone, so the compacted index-updates
 * topic eventually forgets deleted documents. Every output goes through exactly-once sinks and is
 * visible to {@code read_committed} consumers (the search service) after the checkpoint that covers
 * it.
 *
 * <p>Source, decoding and encoding run at {@link DocumentJobConfig#parallelism()}; topic assignment
 * and the index-update sink run at parallelism 1. Topic ids must be consistent across a collection,
 * so each collection's prototypes live in one place anyway, and a single assigner keeps the order
 * of all records of one document id (which come from one Kafka partition, through one encoding
 * subtask, in order) even for tombstones, which carry no collection. Assignment costs {@code
 * O(topics x dimension)} per document, negligible next to encoding.
 *
 * <p>The job takes its source, sinks and encoder in the constructor so tests can run the production
 * graph on other connectors or with a stand-in encoder; {@link #onKafka} wires the real topics and
 * the configured ONNX encoder.
 */
public final class DocumentJob {

    /** Key groups of the keyed state. */
    public static final int MAX_PARALLELISM = 128;

    private final DocumentJobConfig config;
    private final EncoderFactory encoder;
    private final Source<RawRecord, ?, ?> source;
    private final Sink<IndexUpdateRecord> updateSink;
    private final Sink<DeadLetter> deadLetterSink;

    /** A job over the given encoder and connectors. */
    public DocumentJob(
            DocumentJobConfig config,
            EncoderFactory encoder,
            Source<RawRecord, ?, ?> source,
            Sink<IndexUpdateRecord> updateSink,
            Sink<DeadLetter> deadLetterSink) {
        this.config = Objects.requireNonNull(config, "config");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.source = Objects.requireNonNull(source, "source");
        this.updateSink = Objects.requireNonNull(updateSink, "updateSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    }

    /** The job reading and writing the registry topics (under the prefix) with the ONNX encoder. */
    public static DocumentJob onKafka(DocumentJobConfig config, KafkaSettings kafka) {
        return onKafka(config, config.encoderFactory(), kafka);
    }

    /** The job reading and writing the registry topics (under the prefix) with {@code encoder}. */
    public static DocumentJob onKafka(
            DocumentJobConfig config, EncoderFactory encoder, KafkaSettings kafka) {
        String txPrefix = config.jobName() + "-" + config.topicPrefix();
        return new DocumentJob(
                config,
                encoder,
                KafkaConnectors.rawSource(kafka, config.topic(Topics.DOCUMENTS.name())),
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new IndexUpdateRecordSerializer(config.topic(Topics.INDEX_UPDATES.name())),
                        txPrefix + "index-updates"),
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new AvroRecordSerializer<>(
                                config.topic(Topics.DEAD_LETTERS.name()),
                                Topics.DEAD_LETTERS.codec(),
                                DeadLetters::key),
                        txPrefix + "dead-letters"));
    }

    /** The job's configuration. */
    public DocumentJobConfig config() {
        return config;
    }

    /** Applies the job's checkpointing and parallelism settings to {@code env}. */
    public void configure(StreamExecutionEnvironment env) {
        KafkaConnectors.configureExactlyOnce(
                env, config.parallelism(), MAX_PARALLELISM, config.checkpointInterval());
    }

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<SourcedDocument> decoded =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "documents")
                        .uid("documents-source")
                        .process(
                                new DecodeDocuments(
                                        config.jobName(),
                                        config.maxRecordBytes(),
                                        config.maxTextBytes()))
                        .name("decode-and-validate")
                        .uid("decode");
        // ordered: an upsert and a later deletion of the same id must leave in that order
        DataStream<EncodedDocument> encoded =
                AsyncDataStream.orderedWait(
                                decoded,
                                new BatchingEncoder(
                                        encoder,
                                        config.batchSize(),
                                        config.maxBatchWait(),
                                        config.encodeTimeout()),
                                config.encodeTimeout().toMillis(),
                                TimeUnit.MILLISECONDS,
                                config.inFlight())
                        .name("encode")
                        .uid("encode");
        SingleOutputStreamOperator<IndexUpdateRecord> updates =
                encoded.keyBy(EncodedDocument::collection)
                        .process(
                                new AssignTopics(
                                        config.jobName(),
                                        config.topicConfig(),
                                        encoder.id(),
                                        encoder.dimension(),
                                        config.maxTextBytes()))
                        .setParallelism(1)
                        .name("assign-topics")
                        .uid("topics");
        updates.sinkTo(updateSink)
                .setParallelism(1)
                .name("index-updates-sink")
                .uid("index-updates-sink");
        decoded.getSideOutput(OutputTags.DEAD_LETTERS)
                .union(updates.getSideOutput(OutputTags.DEAD_LETTERS))
                .sinkTo(deadLetterSink)
                .name("dead-letters-sink")
                .uid("dead-letters-sink");
    }

    /** Configures, builds and submits the job without waiting for it. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        configure(env);
        build(env);
        return env.executeAsync(config.jobName());
    }

    /** Configures, builds and runs the job in the context environment until it ends. */
    public JobExecutionResult execute() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env);
        build(env);
        return env.execute(config.jobName());
    }

    /** Entry point for cluster submission ({@code flink run}); see {@code --help}. */
    public static void main(String[] args) throws Exception {
        System.exit(DocumentJobCommand.run(args));
    }
}
