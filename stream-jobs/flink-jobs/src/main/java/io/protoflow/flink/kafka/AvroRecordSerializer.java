package io.protoflow.flink.kafka;

import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to their registry topic in single-object encoding, with a UTF-8 string key
 * taken from the record.
 */
public final class AvroRecordSerializer<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AvroCodec<T> codec;
    private final SerializableFunction<T, String> keyOf;

    /** Serialises records to {@code topic}, keyed by {@code keyOf}. */
    public AvroRecordSerializer(TopicSpec<T> topic, SerializableFunction<T, String> keyOf) {
        this(topic.name(), topic.codec(), keyOf);
    }

    /** Serialises records to an explicitly named topic (e.g. a prefixed test topic). */
    public AvroRecordSerializer(
            String topic, AvroCodec<T> codec, SerializableFunction<T, String> keyOf) {
        this.topic = topic;
        this.codec = codec;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(element);
        // No Flink element timestamp: records from event-time timers carry Long.MAX_VALUE, which
        // the broker rejects. The producer stamps the send time; event times live in the records.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                codec.encode(element));
    }
}
