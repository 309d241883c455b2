package io.protoflow.search;

import io.protoflow.stream.mapping.DocumentMapper;
import java.nio.file.Path;
import java.time.Duration;

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
        String bindAddress) {

    /** The HTTP endpoint's default address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public SearchServiceConfig {
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
                DEFAULT_BIND_ADDRESS);
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
                address);
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
                bindAddress);
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
                bindAddress);
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
                bindAddress);
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
                bindAddress);
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
                bindAddress);
    }
}
