package io.protoflow.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a {@code read_committed} consumer does, so tests see exactly
 * what downstream consumers of transactional (exactly-once) output would see: committed records
 * only, nothing past the last stable offset. Partitions are assigned, not subscribed, so no
 * consumer group is created or committed. Keys are strings; values go through a decoder (tombstones
 * stay {@code null}).
 */
public final class KafkaTestReader {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private KafkaTestReader() {}

    /**
     * Returns the records read until at least {@code expectedCount} have arrived.
     *
     * @throws AssertionError if fewer arrive within {@code timeout}; it names the topic and how
     *     many were seen
     */
    public static <V> List<ConsumerRecord<String, V>> readCommitted(
            String bootstrapServers,
            String topic,
            Function<byte[], V> valueDecoder,
            int expectedCount,
            Duration timeout) {
        long deadline = deadline(timeout);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(bootstrapServers, valueDecoder)) {
            assignFromBeginning(consumer, topic, timeout, deadline);
            while (records.size() < expectedCount) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError(
                            "expected at least "
                                    + expectedCount
                                    + " committed records on topic "
                                    + topic
                                    + " within "
                                    + timeout
                                    + ", saw "
                                    + records.size());
                }
                consumer.poll(POLL_INTERVAL).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Returns every committed record: reads until the consumer has reached the end offsets of all
     * partitions (for {@code read_committed}: the last stable offset) and they have stayed put for
     * {@code quietPeriod}. A transaction still open holds the last stable offset back, so its
     * records and everything after them are not returned.
     *
     * @throws AssertionError if the topic does not settle within {@code timeout}; it names the
     *     topic and how many records were seen
     */
    public static <V> List<ConsumerRecord<String, V>> readAllCommitted(
            String bootstrapServers,
            String topic,
            Function<byte[], V> valueDecoder,
            Duration quietPeriod,
            Duration timeout) {
        long deadline = deadline(timeout);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(bootstrapServers, valueDecoder)) {
            List<TopicPartition> partitions =
                    assignFromBeginning(consumer, topic, timeout, deadline);
            Map<TopicPartition, Long> settledEnd = null;
            long settledSince = 0;
            while (true) {
                consumer.poll(POLL_INTERVAL).forEach(records::add);
                long now = System.nanoTime();
                Map<TopicPartition, Long> end =
                        consumer.endOffsets(partitions, remaining(deadline));
                boolean caughtUp = true;
                for (TopicPartition tp : partitions) {
                    caughtUp &= consumer.position(tp, remaining(deadline)) >= end.get(tp);
                }
                if (caughtUp && end.equals(settledEnd)) {
                    if (now - settledSince >= quietPeriod.toNanos()) {
                        return records;
                    }
                } else {
                    settledEnd = caughtUp ? end : null;
                    settledSince = now;
                }
                if (now - deadline >= 0) {
                    throw new AssertionError(
                            "topic "
                                    + topic
                                    + " did not settle at its last stable offsets within "
                                    + timeout
                                    + " (caught up: "
                                    + caughtUp
                                    + ", end offsets "
                                    + end
                                    + "), saw "
                                    + records.size()
                                    + " committed records");
                }
            }
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(
            String bootstrapServers, Function<byte[], V> valueDecoder) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "protoflow-test-reader");
        Deserializer<V> values = (topic, data) -> data == null ? null : valueDecoder.apply(data);
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }

    /** Assigns every partition of the topic at offset 0, waiting for the topic to exist. */
    private static List<TopicPartition> assignFromBeginning(
            KafkaConsumer<?, ?> consumer, String topic, Duration timeout, long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions =
                        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return partitions;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(
                        "topic " + topic + " has no partitions (does it exist?) after " + timeout);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(
                Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
    }
}
