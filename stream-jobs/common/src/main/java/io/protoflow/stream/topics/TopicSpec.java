package io.protoflow.stream.topics;

import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.avro.AvroSerde;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Kafka topic of the product: its name, the Avro record of its values, what its (plain UTF-8
 * string) key is, its cleanup policy and the topic configs it is created with.
 *
 * @param name the topic name, e.g. {@code protoflow.examples}
 * @param valueType the generated Avro record class of the values
 * @param keyDescription what the key is, e.g. {@code example id}, as in the README topic table
 * @param cleanupPolicy how Kafka cleans the topic
 * @param configs every topic config the topic is created with, {@code cleanup.policy} included;
 *     immutable
 * @param <V> the value record type
 */
public record TopicSpec<V extends SpecificRecordBase>(
        String name,
        Class<V> valueType,
        String keyDescription,
        CleanupPolicy cleanupPolicy,
        Map<String, String> configs) {

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Kafka's {@code cleanup.policy} values used by Protoflow topics. */
    public enum CleanupPolicy {
        /** Old segments are deleted after the retention time: event streams. */
        DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
        /** The latest value per key is kept: state and command streams. */
        COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        /** The {@code cleanup.policy} config value: {@code delete} or {@code compact}. */
        public String configValue() {
            return configValue;
        }
    }

    /**
     * Validates the fields and adds {@code cleanup.policy} to the configs.
     *
     * @throws IllegalArgumentException naming the field and the value when one is invalid, or when
     *     {@code configs} holds a {@code cleanup.policy} other than {@code cleanupPolicy}
     */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    "name must be a legal Kafka topic name ([a-zA-Z0-9._-], 1 to 249 chars), got '"
                            + name
                            + "'");
        }
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(keyDescription, "keyDescription");
        if (keyDescription.isBlank()) {
            throw new IllegalArgumentException(
                    "keyDescription must not be blank, got '" + keyDescription + "'");
        }
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(configs, "configs");
        TreeMap<String, String> all = new TreeMap<>();
        configs.forEach(
                (key, value) -> {
                    if (key == null || key.isBlank() || value == null) {
                        throw new IllegalArgumentException(
                                "configs of "
                                        + name
                                        + " must have non-blank keys and non-null values, got "
                                        + key
                                        + "="
                                        + value);
                    }
                    all.put(key, value);
                });
        String policy =
                all.putIfAbsent(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        if (policy != null && !policy.equals(cleanupPolicy.configValue())) {
            throw new IllegalArgumentException(
                    "configs of "
                            + name
                            + " set cleanup.policy="
                            + policy
                            + " but cleanupPolicy is "
                            + cleanupPolicy);
        }
        configs = Collections.unmodifiableMap(all);
    }

    /** A spec with no configs beyond the cleanup policy. */
    public static <V extends SpecificRecordBase> TopicSpec<V> of(
            String name, Class<V> valueType, String keyDescription, CleanupPolicy cleanupPolicy) {
        return new TopicSpec<>(name, valueType, keyDescription, cleanupPolicy, Map.of());
    }

    /** This spec with one more topic config. */
    public TopicSpec<V> withConfig(String key, String value) {
        Map<String, String> more = new TreeMap<>(configs);
        more.put(key, value);
        return new TopicSpec<>(name, valueType, keyDescription, cleanupPolicy, more);
    }

    /** A codec for the values of this topic. */
    public AvroCodec<V> codec() {
        return AvroCodec.of(valueType);
    }

    /** A Kafka serde for the values of this topic. */
    public AvroSerde<V> serde() {
        return new AvroSerde<>(codec());
    }

    /** The Kafka serde of the keys: every Protoflow key is a plain UTF-8 string. */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /**
     * The topic to create, with {@link #configs()}.
     *
     * @throws IllegalArgumentException when {@code partitions} or {@code replicationFactor} is
     *     below 1
     */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be >= 1, got " + replicationFactor);
        }
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
