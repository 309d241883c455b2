package io.protoflow.kafka.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real broker: round trips, transactions, restarts and start-up failures. */
class EmbeddedKafkaBrokerIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producedRecordsAreConsumedInOrder() throws Exception {
        createTopic(broker, "round-trip");
        try (KafkaProducer<String, byte[]> producer = producer(broker, Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("round-trip", "k" + i, bytes("v" + i))).get();
            }
        }

        List<ConsumerRecord<String, byte[]>> records = readToEnd(broker, "round-trip");

        assertThat(records)
                .extracting(ConsumerRecord::key)
                .containsExactly("k0", "k1", "k2", "k3", "k4");
        assertThat(records)
                .extracting(r -> new String(r.value(), UTF_8))
                .containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void readCommittedConsumerSeesCommittedButNotAbortedTransactions() throws Exception {
        createTopic(broker, "transactions");
        Map<String, Object> tx =
                Map.of(
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "embedded-broker-it",
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        60_000);
        try (KafkaProducer<String, byte[]> producer = producer(broker, tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "a", bytes("aborted-1")));
            producer.send(new ProducerRecord<>("transactions", "a", bytes("aborted-2")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "c", bytes("committed-1")));
            producer.send(new ProducerRecord<>("transactions", "c", bytes("committed-2")));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, byte[]>> records = readToEnd(broker, "transactions");

        assertThat(records)
                .extracting(r -> new String(r.value(), UTF_8))
                .containsExactly("committed-1", "committed-2");
    }

    @Test
    void acceptsRecordsLargerThan16MiB() throws Exception {
        createTopic(broker, "large");
        byte[] value = new byte[17 * 1024 * 1024];
        Arrays.fill(value, (byte) 7);
        try (KafkaProducer<String, byte[]> producer =
                producer(
                        broker,
                        Map.of(
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                EmbeddedKafkaBroker.MAX_MESSAGE_BYTES))) {
            producer.send(new ProducerRecord<>("large", "snapshot", value)).get();
        }

        List<ConsumerRecord<String, byte[]>> records = readToEnd(broker, "large");

        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isEqualTo(value);
    }

    @Test
    void restartOnSameDataDirKeepsClusterIdPortTopicsAndRecords(@TempDir Path dir)
            throws Exception {
        EmbeddedKafkaBroker.Config config = EmbeddedKafkaBroker.Config.defaults().withDataDir(dir);
        String clusterId;
        String bootstrap;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(config)) {
            clusterId = first.clusterId();
            bootstrap = first.bootstrapServers();
            createTopic(first, "persisted");
            try (KafkaProducer<String, byte[]> producer = producer(first, Map.of())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("persisted", "k" + i, bytes("v" + i))).get();
                }
            }
        }
        assertThat(dir.resolve(EmbeddedKafkaBroker.STATE_FILE_NAME)).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(config)) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(second.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(second.dataDir()).isEqualTo(dir.toAbsolutePath());
            try (Admin admin = second.createAdmin()) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .contains("persisted");
            }
            assertThat(readToEnd(second, "persisted"))
                    .extracting(ConsumerRecord::key)
                    .containsExactly("k0", "k1", "k2");
        }
        assertThat(dir).exists();
    }

    @Test
    void restartFallsBackToAFreePortWhenTheRememberedOneIsTaken(@TempDir Path dir)
            throws Exception {
        EmbeddedKafkaBroker.Config config = EmbeddedKafkaBroker.Config.defaults().withDataDir(dir);
        int rememberedPort;
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(config)) {
            rememberedPort = first.port();
            clusterId = first.clusterId();
        }

        try (ServerSocket occupied = new ServerSocket()) {
            occupied.bind(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), rememberedPort));
            try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(config);
                    Admin admin = second.createAdmin()) {
                assertThat(second.port()).isNotEqualTo(rememberedPort);
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isEqualTo(clusterId);
            }
        }
    }

    @Test
    void temporaryDataDirIsDeletedOnCloseAndCloseIsIdempotent() {
        EmbeddedKafkaBroker temporary =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
        Path dir = temporary.dataDir();
        assertThat(dir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME)).isDirectory();

        temporary.close();
        temporary.close();

        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void startOnOccupiedPortFailsNamingThePort() throws Exception {
        try (ServerSocket occupied = new ServerSocket()) {
            occupied.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = occupied.getLocalPort();

            assertThatThrownBy(
                            () ->
                                    EmbeddedKafkaBroker.start(
                                            EmbeddedKafkaBroker.Config.defaults().withPort(port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("in use");
        }
    }

    private static void createTopic(EmbeddedKafkaBroker target, String topic) throws Exception {
        try (Admin admin = target.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, byte[]> producer(
            EmbeddedKafkaBroker target, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Reads a single-partition topic from the beginning with read_committed until the consumer's
     * position reaches the last stable offset.
     */
    private static List<ConsumerRecord<String, byte[]>> readToEnd(
            EmbeddedKafkaBroker target, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(Set.of(tp));
            consumer.seekToBeginning(Set.of(tp));
            long end = consumer.endOffsets(Set.of(tp), READ_TIMEOUT).get(tp);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(tp, READ_TIMEOUT) < end) {
                assertThat(System.nanoTime())
                        .as(
                                "reading %s up to offset %d, got %d records",
                                topic, end, records.size())
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
