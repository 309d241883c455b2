package io.protoflow.flink.kafka;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;

/**
 * How a job reaches Kafka.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param groupId consumer group of the job's sources (offsets are committed at checkpoints)
 * @param bounded when true, sources stop at the end offsets they see at start (batch replay)
 * @param clientProperties passed to every Kafka client unchanged: security (SASL/TLS) settings go
 *     here
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        boolean bounded,
        Map<String, String> clientProperties)
        implements Serializable {

    /** Validates the fields. */
    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers must not be blank, got '" + bootstrapServers + "'");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must not be blank, got '" + groupId + "'");
        }
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    /** The client properties as {@link Properties}. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        return p;
    }
}
