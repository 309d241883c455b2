package io.protoflow.serving;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes pin, unpin and rollback commands to the model-control topic, keyed by model id, and waits
 * for the broker's acknowledgement. Used by {@code protoflow model} and by the serving app's admin
 * endpoints. Who may write is the broker's business (ACLs on the topic); the client security
 * settings go in the properties.
 */
public final class ModelControlWriter implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroCodec<ModelControl> codec = AvroCodec.of(ModelControl.class);

    /**
     * Connects a producer.
     *
     * @param bootstrapServers comma-separated host:port list
     * @param topicPrefix prefix of the registry topic names, may be empty
     * @param kafkaProperties client properties (security), override the defaults
     */
    public ModelControlWriter(
            String bootstrapServers, String topicPrefix, Map<String, String> kafkaProperties) {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.topic = topicPrefix + Topics.MODEL_CONTROL.name();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "protoflow-model-control");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        p.putAll(kafkaProperties);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The topic commands go to. */
    public String topic() {
        return topic;
    }

    /**
     * A command record.
     *
     * @param version target version for PIN and ROLLBACK (null: ROLLBACK to the previous one), null
     *     for UNPIN
     * @throws IllegalArgumentException naming the value when the command is malformed
     */
    public static ModelControl command(
            String modelId,
            ModelControlAction action,
            Long version,
            String reason,
            String issuedBy,
            Instant issuedAt) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank, got '" + modelId + "'");
        }
        Objects.requireNonNull(action, "action");
        if (action == ModelControlAction.UNKNOWN) {
            throw new IllegalArgumentException(
                    "action must be PIN, UNPIN or ROLLBACK, got UNKNOWN");
        }
        if (action == ModelControlAction.PIN && version == null) {
            throw new IllegalArgumentException("PIN needs a version");
        }
        if (action == ModelControlAction.UNPIN && version != null) {
            throw new IllegalArgumentException("UNPIN takes no version, got " + version);
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (issuedBy == null || issuedBy.isBlank()) {
            throw new IllegalArgumentException(
                    "issuedBy must not be blank, got '" + issuedBy + "'");
        }
        return ModelControl.newBuilder()
                .setModelId(modelId)
                .setAction(action)
                .setVersion(version)
                .setReason(reason)
                .setIssuedBy(issuedBy)
                .setIssuedAt(Objects.requireNonNull(issuedAt, "issuedAt"))
                .build();
    }

    /**
     * Sends the command and waits until the broker has it.
     *
     * @throws IllegalStateException naming the topic when the send fails or times out
     */
    public RecordMetadata write(ModelControl command) {
        try {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, command.getModelId(), codec.encode(command)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot write the command to " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "timed out after " + SEND_TIMEOUT + " writing the command to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing the command to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
