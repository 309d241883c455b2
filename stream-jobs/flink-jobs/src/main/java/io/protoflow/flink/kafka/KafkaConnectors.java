package io.protoflow.flink.kafka;

import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds Kafka sources and exactly-once sinks with the settings every Protoflow job needs. */
public final class KafkaConnectors {

    /**
     * Transaction timeout of the exactly-once sinks. Flink's default (1 h) is above the broker's
     * default maximum (15 min), which fails the first transaction.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** Largest record a sink may write (model snapshots can be several MB). */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private KafkaConnectors() {}

    /**
     * Sets up {@code env} for a job whose outputs go through the exactly-once sinks: exactly-once
     * checkpoints every {@code checkpointInterval} (the sinks commit their transactions on them),
     * at least half an interval (at most 500 ms) between checkpoints so slow ones do not starve
     * processing, and a stated key-group count: the first savepoint fixes it, so it is set rather
     * than inherited from the cluster.
     */
    public static void configureExactlyOnce(
            StreamExecutionEnvironment env,
            int parallelism,
            int maxParallelism,
            Duration checkpointInterval) {
        env.setParallelism(parallelism);
        env.setMaxParallelism(maxParallelism);
        env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig()
                .setMinPauseBetweenCheckpoints(Math.min(500, checkpointInterval.toMillis() / 2));
    }

    /**
     * A source of raw records from {@code topic}: committed group offsets, else the earliest; reads
     * only committed transactional data.
     */
    public static KafkaSource<RawRecord> rawSource(KafkaSettings kafka, String topic) {
        @SuppressWarnings("deprecation")
        OffsetsInitializer start =
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setProperties(kafka.properties())
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.groupId())
                        .setTopics(topic)
                        .setStartingOffsets(start)
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * A source of raw records from {@code topic} that starts at the end on a fresh start (on a
     * restore, at its checkpointed offsets): for feedback topics where only new records matter.
     */
    public static KafkaSource<RawRecord> rawSourceFromLatest(KafkaSettings kafka, String topic) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setProperties(kafka.properties())
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.groupId() + "-feedback")
                        .setTopics(topic)
                        .setStartingOffsets(OffsetsInitializer.latest())
                        .setDeserializer(new RawRecordDeserializer())
                        .setProperty("isolation.level", "read_committed")
                        .setProperty(
                                "max.partition.fetch.bytes", Integer.toString(MAX_REQUEST_BYTES))
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * An exactly-once sink: records become visible to {@code read_committed} consumers when the
     * checkpoint that covers them completes.
     *
     * @param transactionalIdPrefix unique per sink and job across the cluster
     */
    public static <T> KafkaSink<T> exactlyOnceSink(
            KafkaSettings kafka,
            KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(kafka.properties())
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(
                        "transaction.timeout.ms", Long.toString(TRANSACTION_TIMEOUT.toMillis()))
                .setProperty("max.request.size", Integer.toString(MAX_REQUEST_BYTES))
                .setProperty("compression.type", "zstd")
                .build();
    }
}
