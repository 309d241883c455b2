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
        return with(b -> b.kafkaProperties = properties);
    }

    /** This config with the HTTP endpoint on another address, e.g. 0.0.0.0 in a container. */
    public SearchServiceConfig withBindAddress(String address) {
        return with(b -> b.bindAddress = address);
    }

    /** This config with another topic prefix. */
    public SearchServiceConfig withTopicPrefix(String prefix) {
        return with(b -> b.topicPrefix = prefix);
    }

    /** This config with another vector dimension. */
    public SearchServiceConfig withDimension(int dim) {
        return with(b -> b.dimension = dim);
    }

    /** This config with another HTTP port. */
    public SearchServiceConfig withHttpPort(int port) {
        return with(b -> b.httpPort = port);
    }

    /** This config with another commit interval. */
    public SearchServiceConfig withCommitInterval(Duration interval) {
        return with(b -> b.commitInterval = interval);
    }

    /** This config with another text limit. */
    public SearchServiceConfig withMaxTextBytes(int bytes) {
        return with(b -> b.maxTextBytes = bytes);
    }

    /** A copy with one field changed by {@code change}, validated like any config. */
    private SearchServiceConfig with(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new SearchServiceConfig(
                f.bootstrapServers,
                f.topicPrefix,
                f.indexName,
                f.indexDir,
                f.dimension,
                f.httpPort,
                f.commitInterval,
                f.maxTextBytes,
                f.queryGroupId,
                f.bindAddress,
                f.kafkaProperties);
    }

    /** The fields of a config, mutable, for {@link #with}. */
    private static final class Fields {
        String bootstrapServers;
        String topicPrefix;
        String indexName;
        Path indexDir;
        int dimension;
        int httpPort;
        Duration commitInterval;
        int maxTextBytes;
        String queryGroupId;
        String bindAddress;
        Map<String, String> kafkaProperties;

        Fields(SearchServiceConfig c) {
            bootstrapServers = c.bootstrapServers;
            topicPrefix = c.topicPrefix;
            indexName = c.indexName;
            indexDir = c.indexDir;
            dimension = c.dimension;
            httpPort = c.httpPort;
            commitInterval = c.commitInterval;
            maxTextBytes = c.maxTextBytes;
            queryGroupId = c.queryGroupId;
            bindAddress = c.bindAddress;
            kafkaProperties = c.kafkaProperties;
        }
    }
}
