package io.protoflow.testing;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes test input to a topic with a plain (non-transactional) producer, {@code acks=all}, and
 * waits until every record is acknowledged, so that what a test sent is durably in the topic when
 * {@code send} returns.
 */
public final class KafkaTestWriter {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private KafkaTestWriter() {}

    /**
     * Sends the records in order (String keys, byte[] values; a {@code null} value is a tombstone),
     * flushes and waits for every acknowledgement.
     *
     * @throws AssertionError naming the topic and the record if any send fails or times out
     */
    public static void send(
            String bootstrapServers, String topic, List<Map.Entry<String, byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafkaBroker.MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "protoflow-test-writer");
        // One request in flight: on a just-created topic the first batches can fail with a
        // metadata error while later ones land; their retries then fall outside the broker's
        // five-batch de-duplication window and fail forever as out of order.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (Map.Entry<String, byte[]> record : records) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw failure(topic, i, records.size(), e.getCause());
                } catch (TimeoutException e) {
                    throw failure(topic, i, records.size(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(topic, i, records.size(), e);
                }
            }
        }
    }

    private static AssertionError failure(String topic, int index, int count, Throwable cause) {
        return new AssertionError(
                "sending record "
                        + index
                        + " of "
                        + count
                        + " to topic "
                        + topic
                        + " failed: "
                        + cause,
                cause);
    }
}
