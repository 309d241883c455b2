package io.protoflow.stream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.CreateTopicsResult.TopicMetadataAndConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

    /** An Admin whose createTopics answers each topic with {@code outcome}. */
    private static final class FakeAdmin {
        final List<NewTopic> requested = new ArrayList<>();
        final Function<String, KafkaFuture<TopicMetadataAndConfig>> outcome;

        FakeAdmin(Function<String, KafkaFuture<TopicMetadataAndConfig>> outcome) {
            this.outcome = outcome;
        }

        Admin admin() {
            return (Admin)
                    Proxy.newProxyInstance(
                            Admin.class.getClassLoader(),
                            new Class<?>[] {Admin.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("createTopics")
                                        && args.length == 2
                                        && args[1] instanceof CreateTopicsOptions) {
                                    @SuppressWarnings("unchecked")
                                    Collection<NewTopic> topics = (Collection<NewTopic>) args[0];
                                    requested.addAll(topics);
                                    Map<String, KafkaFuture<TopicMetadataAndConfig>> futures =
                                            new LinkedHashMap<>();
                                    topics.forEach(
                                            t -> futures.put(t.name(), outcome.apply(t.name())));
                                    return new CreateTopicsResult(futures) {};
                                }
                                throw new UnsupportedOperationException(method.getName());
                            });
        }
    }

    private static KafkaFuture<TopicMetadataAndConfig> failed(Throwable error) {
        KafkaFutureImpl<TopicMetadataAndConfig> future = new KafkaFutureImpl<>();
        future.completeExceptionally(error);
        return future;
    }

    @Test
    void createsEveryTopicWithItsConfigs() {
        FakeAdmin fake = new FakeAdmin(name -> KafkaFuture.completedFuture(null));

        TopicAdmin.createIfMissing(fake.admin(), Topics.all(), 3, (short) 1, Duration.ofSeconds(5));

        assertThat(fake.requested)
                .extracting(NewTopic::name)
                .containsExactlyElementsOf(Topics.all().stream().map(TopicSpec::name).toList());
        assertThat(fake.requested.get(4).configs()).isEqualTo(Topics.MODEL_SNAPSHOTS.configs());
        assertThat(fake.requested).allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(3));
    }

    @Test
    void existingTopicsAreFine() {
        FakeAdmin fake = new FakeAdmin(name -> failed(new TopicExistsException(name + " exists")));

        TopicAdmin.createIfMissing(
                fake.admin(),
                List.of(Topics.EXAMPLES, Topics.LABELS),
                1,
                (short) 1,
                Duration.ofSeconds(5));

        assertThat(fake.requested).hasSize(2);
    }

    @Test
    void otherErrorsFailFastNamingTheTopic() {
        FakeAdmin fake =
                new FakeAdmin(
                        name ->
                                name.equals("protoflow.labels")
                                        ? failed(
                                                new PolicyViolationException("replication too low"))
                                        : KafkaFuture.completedFuture(null));

        assertThatThrownBy(
                        () ->
                                TopicAdmin.createIfMissing(
                                        fake.admin(),
                                        List.of(Topics.EXAMPLES, Topics.LABELS),
                                        1,
                                        (short) 1,
                                        Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create topic protoflow.labels")
                .hasMessageContaining("replication too low")
                .hasCauseInstanceOf(PolicyViolationException.class);
    }

    @Test
    void timeoutFailsNamingTheTopic() {
        FakeAdmin fake = new FakeAdmin(name -> new KafkaFutureImpl<>());

        assertThatThrownBy(
                        () ->
                                TopicAdmin.createIfMissing(
                                        fake.admin(),
                                        List.of(Topics.ALERTS),
                                        1,
                                        (short) 1,
                                        Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timed out after PT0.05S creating topic protoflow.alerts");
    }

    @Test
    void duplicateSpecsAreCreatedOnceAndEmptyListsDoNothing() {
        FakeAdmin fake = new FakeAdmin(name -> KafkaFuture.completedFuture(null));

        TopicAdmin.createIfMissing(
                fake.admin(),
                List.of(Topics.ALERTS, Topics.ALERTS),
                1,
                (short) 1,
                Duration.ofSeconds(1));
        TopicAdmin.createIfMissing(fake.admin(), List.of(), 1, (short) 1, Duration.ofSeconds(1));

        assertThat(fake.requested).extracting(NewTopic::name).containsExactly("protoflow.alerts");
    }

    @Test
    void rejectsInvalidArguments() {
        Admin admin = new FakeAdmin(name -> KafkaFuture.completedFuture(null)).admin();

        assertThatThrownBy(
                        () ->
                                TopicAdmin.createIfMissing(
                                        admin, Topics.all(), 0, (short) 1, Duration.ofSeconds(1)))
                .hasMessage("partitions must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                TopicAdmin.createIfMissing(
                                        admin, Topics.all(), 1, (short) 1, Duration.ZERO))
                .hasMessage("timeout must be positive, got PT0S");
    }
}
