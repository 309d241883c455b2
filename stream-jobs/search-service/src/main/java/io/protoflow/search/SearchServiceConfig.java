package io.protoflow.search;

import io.protoflow.stream.mapping.DocumentMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the search service.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topicPrefix prefix of every topic name (empty in production; tests share a broker)
 * @param indexName the collection served ({@code IndexUpdate.index}); updates of other collections
 *     are skipped and queries for them answered with an error
 * @param indexDir directory of the Lucene index, created if missing
 * @param dimension length of the document vectors
 * @param httpPort port of the HTTP endpoint on 127.0.0.1, 0 for any free port
 * @param commitInterval how often applied updates are committed (fsynced) with their offsets;
 *     updates are searchable much sooner, after each poll (near-real-time refresh)
 * @param maxTextBytes largest title plus text accepted, in UTF-8 bytes
 * @param queryGroupId consumer group of the search-queries consumer
 * @param bindAddress the HTTP endpoint's address: 127.0.0.1 (the default) keeps it on this host;
 *     0.0.0.0 serves the network (a container, a pod)
 * @param kafkaProperties extra Kafka client properties for every client of the service, e.g. {@code
 *     security.protocol=SASL_SSL} and its {@code sasl.*} / {@code ssl.*} settings (copied)
 */
public record SearchServiceConfig(
        String bootstrapServers,
        String topicPrefix,
        String indexName,
        Path indexDir,
        int dimension,
        int httpPort,
        Duration commitInterval,
        int maxTextBytes,
        String queryGroupId,
        String bindAddress,
        Map<String, String> kafkaProperties) {

    /** The HTTP endpoint's default address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public SearchServiceConfig {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank, got " + bindAddress);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers must not be blank, got " + bootstrapServers);
        }
        if (topicPrefix == null) {
            throw new IllegalArgumentException("topicPrefix must not be null");
        }
        if (indexName == null || indexName.isBlank()) {
            throw new IllegalArgumentException("indexName must not be blank, got " + indexName);
        }
        if (indexDir == null) {
            throw new IllegalArgumentException("indexDir must not be null");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be in [0, 65535], got " + httpPort);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException(
                    "commitInterval must be positive, got " + commitInterval);
        }
        if (maxTextBytes < 1) {
            throw new IllegalArgumentException("maxTextBytes must be >= 1, got " + maxTextBytes);
        }
        if (queryGroupId == null || queryGroupId.isBlank()) {
            throw new IllegalArgumentException(
                    "queryGroupId must not be blank, got " + queryGroupId);
        }
    }

    /** Defaults for one collection: 384-d vectors, port 8090, commits every 5 s, 1 MiB texts. */
    public static SearchServiceConfig of(String bootstrapServers, String indexName, Path indexDir) {
        return new SearchServiceConfig(
                bootstrapServers,
                "",
                indexName,
                indexDir,
                384,
                8090,
                Duration.ofSeconds(5),
                DocumentMapper.DEFAULT_MAX_TEXT_BYTES,
                "protoflow-search",
                DEFAULT_BIND_ADDRESS,
                Map.of());
    }

    /** This config with extra Kafka client properties (security, timeouts) for every client. */
    public SearchServiceConfig withKafkaProperties(Map<String, String> properties) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dimension,
                httpPort,
                commitInterval,
                maxTextBytes,
                queryGroupId,
                bindAddress,
                properties);
    }

    /** This config with the HTTP endpoint on another address, e.g. 0.0.0.0 in a container. */
    public SearchServiceConfig withBindAddress(String address) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dimension,
                httpPort,
                commitInterval,
                maxTextBytes,
                queryGroupId,
                address,
                kafkaProperties);
    }

    /** This config with another topic prefix. */
    public SearchServiceConfig withTopicPrefix(String prefix) {
        return new SearchServiceConfig(
                bootstrapServers,
                prefix,
                indexName,
                indexDir,
                dimension,
                httpPort,
                commitInterval,
                maxTextBytes,
                queryGroupId,
                bindAddress,
                kafkaProperties);
    }

    /** This config with another vector dimension. */
    public SearchServiceConfig withDimension(int dim) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dim,
                httpPort,
                commitInterval,
                maxTextBytes,
                queryGroupId,
                bindAddress,
                kafkaProperties);
    }

    /** This config with another HTTP port. */
    public SearchServiceConfig withHttpPort(int port) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dimension,
                port,
                commitInterval,
                maxTextBytes,
                queryGroupId,
                bindAddress,
                kafkaProperties);
    }

    /** This config with another commit interval. */
    public SearchServiceConfig withCommitInterval(Duration interval) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dimension,
                httpPort,
                interval,
                maxTextBytes,
                queryGroupId,
                bindAddress,
                kafkaProperties);
    }

    /** This config with another text limit. */
    public SearchServiceConfig withMaxTextBytes(int bytes) {
        return new SearchServiceConfig(
                bootstrapServers,
                topicPrefix,
                indexName,
                indexDir,
                dimension,
                httpPort,
                commitInterval,
                bytes,
                queryGroupId,
                bindAddress,
                kafkaProperties);
    }
}
