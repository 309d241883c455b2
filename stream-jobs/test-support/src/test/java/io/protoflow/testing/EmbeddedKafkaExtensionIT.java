package io.protoflow.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker beforeAllBroker;

    private final EmbeddedKafkaBroker constructorBroker;

    EmbeddedKafkaExtensionIT(EmbeddedKafkaBroker broker) {
        this.constructorBroker = broker;
    }

    @BeforeAll
    static void rememberBroker(EmbeddedKafkaBroker broker) {
        beforeAllBroker = broker;
    }

    @Test
    void constructorBeforeAllAndTestMethodGetTheSameBroker(EmbeddedKafkaBroker broker) {
        assertThat(broker).isSameAs(constructorBroker).isSameAs(beforeAllBroker);
        assertThat(BrokerSightings.record(broker)).isEqualTo(1);
    }

    @Test
    void readCommittedReturnsWhatWasSent(EmbeddedKafkaBroker broker) throws Exception {
        createTopic(broker, "reader-round-trip", 2);

        KafkaTestWriter.send(
                broker.bootstrapServers(),
                "reader-round-trip",
                List.of(
                        Map.entry("a", bytes("one")),
                        Map.entry("b", bytes("two")),
                        Map.entry("c", bytes("three"))));
        List<ConsumerRecord<String, String>> records =
                KafkaTestReader.readCommitted(
                        broker.bootstrapServers(),
                        "reader-round-trip",
                        value -> new String(value, UTF_8),
                        3,
                        TIMEOUT);

        assertThat(records)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        tuple("a", "one"), tuple("b", "two"), tuple("c", "three"));
    }

    @Test
    void readCommittedFailsNamingTopicAndCountWhenTooFewArrive(EmbeddedKafkaBroker broker)
            throws Exception {
        createTopic(broker, "reader-too-few", 1);
        KafkaTestWriter.send(
                broker.bootstrapServers(), "reader-too-few", List.of(Map.entry("k", bytes("v"))));

        assertThatThrownBy(
                        () ->
                                KafkaTestReader.readCommitted(
                                        broker.bootstrapServers(),
                                        "reader-too-few",
                                        value -> value,
                                        2,
                                        Duration.ofMillis(1500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reader-too-few")
                .hasMessageContaining("saw 1");
    }

    @Test
    void readAllCommittedStopsAtTheLastStableOffset(EmbeddedKafkaBroker broker) throws Exception {
        createTopic(broker, "reader-open-transaction", 1);
        String bootstrap = broker.bootstrapServers();
        KafkaTestWriter.send(
                bootstrap,
                "reader-open-transaction",
                List.of(Map.entry("k", bytes("before-1")), Map.entry("k", bytes("before-2"))));

        try (KafkaProducer<String, byte[]> transactional = transactionalProducer(bootstrap)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional
                    .send(new ProducerRecord<>("reader-open-transaction", "k", bytes("pending")))
                    .get(30, TimeUnit.SECONDS);

            assertThat(readAll(bootstrap, "reader-open-transaction"))
                    .containsExactly("before-1", "before-2");

            transactional.commitTransaction();
        }

        assertThat(readAll(bootstrap, "reader-open-transaction"))
                .containsExactly("before-1", "before-2", "pending");
    }

    private static List<String> readAll(String bootstrap, String topic) {
        return KafkaTestReader.readAllCommitted(
                        bootstrap,
                        topic,
                        value -> new String(value, UTF_8),
                        Duration.ofMillis(300),
                        TIMEOUT)
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-support-open-transaction");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void createTopic(EmbeddedKafkaBroker broker, String topic, int partitions)
            throws Exception {
        try (Admin admin = broker.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
