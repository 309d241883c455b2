package io.protoflow.serving;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a running serving app reaches Kafka and serves HTTP.
 *
 * @param serving the topology's config
 * @param bootstrapServers comma-separated host:port list
 * @param applicationId the Kafka Streams application id (consumer group and internal topic prefix)
 * @param kafkaProperties passed unchanged to Kafka Streams and to every client it creates, and to
 *     the admin and producer of the app: security settings ({@code security.protocol}, {@code
 *     sasl.*}, {@code ssl.*}) and Streams settings ({@code processing.guarantee}, {@code
 *     num.stream.threads}) go here; they override the app's defaults
 * @param stateDir Kafka Streams' state directory, or null for a fresh temporary one
 * @param createTopics whether to create missing topics at start (Kafka Streams never creates its
 *     source topics)
 * @param partitions partitions of topics created at start, >= 1
 * @param replicationFactor replication factor of topics created at start, >= 1
 * @param bindAddress the address the HTTP server listens on; loopback by default
 * @param httpPort the HTTP port, 0 for any free port, else 1 to 65535
 * @param adminToken the bearer token admin actions require, or null to disable them
 */
public record ServingSettings(
        ServingConfig serving,
        String bootstrapServers,
        String applicationId,
        Map<String, String> kafkaProperties,
        Path stateDir,
        boolean createTopics,
        int partitions,
        short replicationFactor,
        InetAddress bindAddress,
        int httpPort,
        String adminToken) {

    /** Default Kafka Streams application id. */
    public static final String DEFAULT_APPLICATION_ID = "protoflow-serving";

    /** Default HTTP port. */
    public static final int DEFAULT_HTTP_PORT = 8088;

    /** Shortest admin token accepted: guessing must not be practical. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Validates the fields. */
    public ServingSettings {
        Objects.requireNonNull(serving, "serving");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers must not be blank, got '" + bootstrapServers + "'");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException(
                    "applicationId must not be blank, got '" + applicationId + "'");
        }
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be >= 1, got " + replicationFactor);
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be in [0, 65535], got " + httpPort);
        }
        if (adminToken != null && adminToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "adminToken must have at least "
                            + MIN_TOKEN_LENGTH
                            + " characters, got "
                            + adminToken.length());
        }
    }

    /** Settings with the defaults: loopback, port 8088, no admin token, topics created. */
    public static ServingSettings defaults(String bootstrapServers) {
        return new ServingSettings(
                ServingConfig.defaults(),
                bootstrapServers,
                DEFAULT_APPLICATION_ID,
                Map.of(),
                null,
                true,
                1,
                (short) 1,
                InetAddress.getLoopbackAddress(),
                DEFAULT_HTTP_PORT,
                null);
    }

    /** These settings with another topology config. */
    public ServingSettings withServing(ServingConfig config) {
        return new ServingSettings(
                config,
                bootstrapServers,
                applicationId,
                kafkaProperties,
                stateDir,
                createTopics,
                partitions,
                replicationFactor,
                bindAddress,
                httpPort,
                adminToken);
    }

    /** These settings with another application id and state directory. */
    public ServingSettings withApplication(String id, Path dir) {
        return new ServingSettings(
                serving,
                bootstrapServers,
                id,
                kafkaProperties,
                dir,
                createTopics,
                partitions,
                replicationFactor,
                bindAddress,
                httpPort,
                adminToken);
    }

    /** These settings with another HTTP port and admin token. */
    public ServingSettings withHttp(int port, String token) {
        return new ServingSettings(
                serving,
                bootstrapServers,
                applicationId,
                kafkaProperties,
                stateDir,
                createTopics,
                partitions,
                replicationFactor,
                bindAddress,
                port,
                token);
    }

    /** These settings with more Kafka properties (overriding equal keys). */
    public ServingSettings withKafkaProperties(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(kafkaProperties);
        all.putAll(more);
        return new ServingSettings(
                serving,
                bootstrapServers,
                applicationId,
                all,
                stateDir,
                createTopics,
                partitions,
                replicationFactor,
                bindAddress,
                httpPort,
                adminToken);
    }

    /** Whether admin actions are enabled (a token is configured). */
    public boolean adminEnabled() {
        return adminToken != null;
    }

    @Override
    public String toString() {
        // Never print the token.
        return "ServingSettings[serving="
                + serving
                + ", bootstrapServers="
                + bootstrapServers
                + ", applicationId="
                + applicationId
                + ", kafkaProperties="
                + kafkaProperties.keySet()
                + ", stateDir="
                + stateDir
                + ", bind="
                + bindAddress.getHostAddress()
                + ":"
                + httpPort
                + ", admin="
                + (adminEnabled() ? "enabled" : "disabled")
                + "]";
    }
}
