package io.protoflow.flink.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record as read, before any decoding: coordinates plus raw key and value bytes.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it is serialised without Kryo.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    /** For Flink's POJO serializer. */
    public RawRecord() {}

    /** A record read from {@code topic}. */
    public RawRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp
                && Objects.equals(topic, r.topic)
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "/" + offset;
    }
}
