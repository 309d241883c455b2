package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code protoflow model rollback|pin|unpin} against the embedded broker. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class ModelCommandIT {

    private record Run(int status, String out, String err) {}

    private static Run protoflow(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ProtoflowCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void writesPinRollbackAndUnpinCommandsToTheCompactedControlTopic(EmbeddedKafkaBroker broker)
            throws Exception {
        String prefix = "it-cli-model.";
        String[] target = {
            "--model-id",
            "digits",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic-prefix",
            prefix,
            "--issued-by",
            "ops"
        };
        Run rollback =
                protoflow(
                        concat(
                                new String[] {
                                    "model", "rollback", "--to", "3", "--reason", "drift"
                                },
                                target));
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(rollback.out())
                .contains(
                        "model 'digits': ROLLBACK to version 3 written to "
                                + prefix
                                + "protoflow.model-control");
        assertThat(
                        protoflow(concat(new String[] {"model", "pin", "--version", "2"}, target))
                                .status())
                .isZero();
        assertThat(protoflow(concat(new String[] {"model", "unpin"}, target)).status()).isZero();
        assertThat(protoflow(concat(new String[] {"model", "rollback"}, target)).out())
                .contains("ROLLBACK to the previous version");

        String topic = prefix + Topics.MODEL_CONTROL.name();
        List<ConsumerRecord<String, ModelControl>> records =
                KafkaTestReader.readCommitted(
                        broker.bootstrapServers(),
                        topic,
                        AvroCodec.of(ModelControl.class)::decode,
                        4,
                        Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("digits");
        assertThat(records)
                .extracting(r -> r.value().getAction(), r -> r.value().getVersion())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ModelControlAction.ROLLBACK, 3L),
                        org.assertj.core.groups.Tuple.tuple(ModelControlAction.PIN, 2L),
                        org.assertj.core.groups.Tuple.tuple(ModelControlAction.UNPIN, null),
                        org.assertj.core.groups.Tuple.tuple(ModelControlAction.ROLLBACK, null));
        assertThat(records.get(0).value().getReason()).isEqualTo("drift");
        assertThat(records.get(0).value().getIssuedBy()).isEqualTo("ops");

        try (Admin admin = broker.createAdmin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void malformedCommandsAreRefusedBeforeAnythingIsWritten() {
        Run noVersion = protoflow("model", "pin", "--model-id", "digits");
        assertThat(noVersion.status()).isEqualTo(2);
        assertThat(noVersion.err()).contains("Missing required option: '--version=N'");
        Run zero =
                protoflow(
                        "model",
                        "rollback",
                        "--to",
                        "0",
                        "--model-id",
                        "digits",
                        "--bootstrap-servers",
                        "127.0.0.1:1");
        assertThat(zero.status()).isEqualTo(2);
        assertThat(zero.err()).contains("version must be >= 1, got 0");
        Run help = protoflow("serve", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .contains("--bind-address", "--admin-token", "127.0.0.1", "PROTOFLOW_ADMIN_TOKEN");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
