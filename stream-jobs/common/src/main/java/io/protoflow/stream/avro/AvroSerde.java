package io.protoflow.stream.avro;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over an {@link AvroCodec}, for Kafka Streams apps and plain clients. A null
 * value (a tombstone) maps to null both ways; bytes that do not decode throw {@link
 * io.protoflow.stream.BadRecordException}, which a deserialization exception handler routes to the
 * dead-letter topic.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecordBase> implements Serde<T> {

    private final AvroCodec<T> codec;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    /** A serde over {@code codec}. */
    public AvroSerde(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.serializer = new AvroSerializer<>(codec);
        this.deserializer = new AvroDeserializer<>(codec);
    }

    /** A serde for a generated record class, e.g. {@code AvroSerde.of(Example.class)}. */
    public static <T extends SpecificRecordBase> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(AvroCodec.of(type));
    }

    /** The codec behind this serde. */
    public AvroCodec<T> codec() {
        return codec;
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public String toString() {
        return "AvroSerde[" + codec.type().getName() + "]";
    }

    private record AvroSerializer<T extends SpecificRecordBase>(AvroCodec<T> codec)
            implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            return data == null ? null : codec.encode(data);
        }
    }

    private record AvroDeserializer<T extends SpecificRecordBase>(AvroCodec<T> codec)
            implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : codec.decode(data);
        }
    }
}
