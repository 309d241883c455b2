package io.protoflow.stream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.schemas.Example;
import io.protoflow.stream.topics.TopicSpec.CleanupPolicy;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void registryHoldsTheThirteenTopicsWithUniqueNames() {
        assertThat(Topics.all())
                .extracting(TopicSpec::name)
                .containsExactly(
                        "protoflow.examples",
                        "protoflow.inference-requests",
                        "protoflow.labels",
                        "protoflow.predictions",
                        "protoflow.model-snapshots",
                        "protoflow.model-control",
                        "protoflow.alerts",
                        "protoflow.metrics",
                        "protoflow.documents",
                        "protoflow.index-updates",
                        "protoflow.search-queries",
                        "protoflow.search-results",
                        "protoflow.dead-letters")
                .doesNotHaveDuplicates();
        assertThatThrownBy(() -> Topics.all().add(Topics.EXAMPLES))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyConfigCarriesTheCleanupPolicy() {
        for (TopicSpec<?> topic : Topics.all()) {
            assertThat(topic.configs())
                    .as(topic.name())
                    .containsEntry("cleanup.policy", topic.cleanupPolicy().configValue());
        }
        assertThat(Topics.DOCUMENTS.configs())
                .containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void modelSnapshotsKeepSevenDaysOfLargeCompressedVersions() {
        assertThat(Topics.MODEL_SNAPSHOTS.configs())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "cleanup.policy", "delete",
                                "retention.ms", "604800000",
                                "max.message.bytes", "16777216",
                                "compression.type", "zstd"));
        assertThat(Topics.DEAD_LETTERS.configs()).containsEntry("retention.ms", "1209600000");
    }

    @Test
    void newTopicCarriesPartitionsReplicationAndConfigs() {
        NewTopic topic = Topics.MODEL_SNAPSHOTS.newTopic(3, (short) 1);

        assertThat(topic.name()).isEqualTo("protoflow.model-snapshots");
        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.replicationFactor()).isEqualTo((short) 1);
        assertThat(topic.configs()).isEqualTo(Topics.MODEL_SNAPSHOTS.configs());
        assertThatThrownBy(() -> Topics.EXAMPLES.newTopic(0, (short) 1))
                .hasMessage("partitions must be >= 1, got 0");
        assertThatThrownBy(() -> Topics.EXAMPLES.newTopic(1, (short) 0))
                .hasMessage("replicationFactor must be >= 1, got 0");
    }

    @Test
    void everyTopicHasAWorkingCodecAndSerde() {
        for (TopicSpec<?> topic : Topics.all()) {
            assertThat(topic.codec().type()).as(topic.name()).isEqualTo(topic.valueType());
            assertThat(topic.serde().codec().schema().getName())
                    .isEqualTo(topic.valueType().getSimpleName());
            assertThat(topic.keySerde().serializer().serialize(topic.name(), "k-1"))
                    .isEqualTo("k-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void byNameFindsRegisteredTopicsOnly() {
        assertThat(Topics.byName("protoflow.labels")).contains(Topics.LABELS);
        assertThat(Topics.byName("protoflow.nope")).isEmpty();
    }

    @Test
    void specValidationNamesTheFieldAndValue() {
        assertThatThrownBy(
                        () -> TopicSpec.of("bad name!", Example.class, "id", CleanupPolicy.DELETE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name!'");
        assertThatThrownBy(() -> TopicSpec.of("t", Example.class, " ", CleanupPolicy.DELETE))
                .hasMessageContaining("keyDescription must not be blank");
        assertThatThrownBy(
                        () ->
                                new TopicSpec<SpecificRecordBase>(
                                        "t", null, "id", CleanupPolicy.DELETE, Map.of()))
                .hasMessageContaining("valueType");
        assertThatThrownBy(
                        () ->
                                TopicSpec.of("t", Example.class, "id", CleanupPolicy.DELETE)
                                        .withConfig("cleanup.policy", "compact"))
                .hasMessageContaining("cleanup.policy=compact but cleanupPolicy is DELETE");
    }

    @Test
    void configsAreImmutable() {
        assertThatThrownBy(() -> Topics.EXAMPLES.configs().put("retention.ms", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
