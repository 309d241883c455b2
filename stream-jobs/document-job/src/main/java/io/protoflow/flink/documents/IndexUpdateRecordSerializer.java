package io.protoflow.flink.documents;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link IndexUpdateRecord}s to the index-updates topic as they are, tombstones included.
 */
public final class IndexUpdateRecordSerializer
        implements KafkaRecordSerializationSchema<IndexUpdateRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    /** Writes to the named topic (the registry name under the job's prefix). */
    public IndexUpdateRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            IndexUpdateRecord record, KafkaSinkContext context, Long timestamp) {
        // the producer stamps the send time; event times live in the updates
        return new ProducerRecord<>(
                topic, null, null, record.key.getBytes(StandardCharsets.UTF_8), record.value);
    }
}
