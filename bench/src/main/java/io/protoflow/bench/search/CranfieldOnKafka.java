package io.protoflow.bench.search;

import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Cranfield on Kafka: writes abstracts to a documents topic as {@link Document} upserts and reads
 * what the document job wrote to the index-updates topic, as a {@code read_committed} consumer.
 */
public final class CranfieldOnKafka {

    private CranfieldOnKafka() {}

    /** The upsert of an abstract into {@code index}: title and text as in the collection. */
    public static Document document(Cranfield.CranfieldDoc d, String index) {
        return Document.newBuilder()
                .setId(d.id())
                .setOp(DocumentOp.UPSERT)
                .setIndex(index)
                .setTitle(d.title())
                .setText(d.text())
                .setFields(Map.of())
                .setEventTime(Instant.ofEpochMilli(0))
                .build();
    }

    /** Sends the documents keyed by id, in order, and waits for every acknowledgement. */
    public static void produce(String bootstrap, String topic, List<Document> documents)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "protoflow-bench-documents");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                Document d = documents.get(i);
                var ack =
                        producer.send(
                                new ProducerRecord<>(
                                        topic, d.getId(), Topics.DOCUMENTS.codec().encode(d)));
                if (i == 0) {
                    // a topic created a moment ago: let the first send settle the leader
                    ack.get(60, TimeUnit.SECONDS);
                }
                acks.add(ack);
            }
            producer.flush();
            for (var ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Reads every committed record of the topic: from the beginning up to the end offsets (for a
     * {@code read_committed} consumer, the last stable offsets) as they are when called. Call it
     * once the writers are done, or an open transaction holds the end back.
     *
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    public static List<ConsumerRecord<String, byte[]>> readAllCommitted(
            String bootstrap, String topic, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "did not reach the end offsets "
                                    + end
                                    + " of "
                                    + topic
                                    + " in "
                                    + timeout
                                    + ", read "
                                    + records.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "protoflow-bench-reader");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> assignFromBeginning(
            KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }
}
