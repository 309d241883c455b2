package io.protoflow.stream.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Protoflow topics from their {@link TopicSpec}s. Kafka Streams never creates its source
 * topics and Protoflow does not rely on broker auto-creation, so every job, app and test creates
 * the topics it needs first.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    /**
     * Creates the topics that do not exist yet, with their specs' configs; existing topics are left
     * as they are, so calling it again is harmless.
     *
     * @param admin a connected admin client
     * @param topics the topics to create
     * @param partitions partitions of each new topic, >= 1
     * @param replicationFactor replication factor of each new topic, >= 1
     * @param timeout how long to wait for all of them
     * @throws IllegalArgumentException for invalid arguments, or two specs of one name that differ
     * @throws IllegalStateException naming the topic when one cannot be created or the timeout
     *     passes
     */
    public static void createIfMissing(
            Admin admin,
            Collection<TopicSpec<?>> topics,
            int partitions,
            short replicationFactor,
            Duration timeout) {
        createIfMissing(admin, topics, "", partitions, replicationFactor, timeout);
    }

    /**
     * As {@link #createIfMissing(Admin, Collection, int, short, Duration)}, with every topic name
     * prefixed: several deployments (or tests) can then share one cluster.
     *
     * @param prefix prepended to every registry name, may be empty
     */
    public static void createIfMissing(
            Admin admin,
            Collection<TopicSpec<?>> topics,
            String prefix,
            int partitions,
            short replicationFactor,
            Duration timeout) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        Map<String, TopicSpec<?>> byName = new LinkedHashMap<>();
        for (TopicSpec<?> topic : topics) {
            Objects.requireNonNull(topic, "topics must not contain null");
            TopicSpec<?> previous = byName.putIfAbsent(topic.name(), topic);
            if (previous != null && !previous.equals(topic)) {
                throw new IllegalArgumentException(
                        "two different specs for topic "
                                + topic.name()
                                + ": "
                                + previous
                                + ", "
                                + topic);
            }
        }
        if (byName.isEmpty()) {
            return;
        }
        Map<String, NewTopic> newTopics = new LinkedHashMap<>();
        byName.forEach(
                (name, spec) -> {
                    NewTopic registry = spec.newTopic(partitions, replicationFactor);
                    newTopics.put(
                            prefix + name,
                            new NewTopic(prefix + name, partitions, replicationFactor)
                                    .configs(registry.configs()));
                });

        long deadline = System.nanoTime() + timeout.toNanos();
        CreateTopicsResult result =
                admin.createTopics(
                        newTopics.values(),
                        new CreateTopicsOptions()
                                .timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        Map<String, KafkaFuture<Void>> futures = result.values();
        for (String name : newTopics.keySet()) {
            KafkaFuture<Void> future = futures.get(name);
            if (future == null) {
                throw new IllegalStateException(
                        "cannot create topic "
                                + name
                                + ": the admin client returned no result for it");
            }
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                LOG.info(
                        "created topic {} ({} partitions, replication {}, {})",
                        name,
                        partitions,
                        replicationFactor,
                        newTopics.get(name).configs());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof TopicExistsException) {
                    LOG.debug("topic {} exists, left as it is", name);
                } else {
                    throw new IllegalStateException(
                            "cannot create topic " + name + ": " + cause, cause);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "timed out after " + timeout + " creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            }
        }
    }
}
