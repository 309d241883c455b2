package io.protoflow.cli;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.serving.ModelControlWriter;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code protoflow model}: writes pin, unpin and rollback commands for the serving app to the
 * model-control topic. The serving app applies the latest command per model while it runs (and
 * after a restart: the topic is compacted). Who may do this is decided by the broker: ACLs on the
 * topic, with the client's security settings passed as {@code --kafka-property}.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Pin, unpin or roll back the model version the serving app serves.",
        subcommands = {
            ModelCommand.Rollback.class,
            ModelCommand.Pin.class,
            ModelCommand.Unpin.class
        })
public final class ModelCommand {

    /** Where the command goes and who sends it; shared by the subcommands. */
    static final class Target {
        @Option(names = "--model-id", required = true, description = "The model.")
        String modelId;

        @Option(
                names = "--bootstrap-servers",
                defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(
                names = "--kafka-property",
                paramLabel = "KEY=VALUE",
                description =
                        "Kafka client property, repeatable (security.protocol, sasl.*, ssl.*).")
        Map<String, String> kafkaProperties = new LinkedHashMap<>();

        @Option(
                names = "--topic-prefix",
                defaultValue = "",
                description = "Prefix for every topic name (default: none).")
        String topicPrefix;

        @Option(names = "--reason", description = "Why, for the audit trail.")
        String reason;

        @Option(
                names = "--issued-by",
                description = "Who issues the command (default: the user name).")
        String issuedBy;

        int send(PrintWriter out, ModelControlAction action, Long version) {
            String who = issuedBy != null ? issuedBy : System.getProperty("user.name", "cli");
            ModelControl command =
                    ModelControlWriter.command(
                            modelId, action, version, reason, who, Instant.now());
            createTopic();
            try (ModelControlWriter writer =
                    new ModelControlWriter(bootstrapServers, topicPrefix, kafkaProperties)) {
                RecordMetadata written = writer.write(command);
                out.println(
                        "model '"
                                + modelId
                                + "': "
                                + describe(action, version)
                                + " written to "
                                + written.topic()
                                + " (partition "
                                + written.partition()
                                + ", offset "
                                + written.offset()
                                + ")");
            }
            return 0;
        }

        /** The compacted control topic, if missing (auto-creation would not compact it). */
        private void createTopic() {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.putAll(kafkaProperties);
            try (Admin admin = Admin.create(p)) {
                TopicAdmin.createIfMissing(
                        admin,
                        List.of(Topics.MODEL_CONTROL),
                        topicPrefix,
                        1,
                        (short) 1,
                        Duration.ofSeconds(30));
            }
        }

        private static String describe(ModelControlAction action, Long version) {
            return switch (action) {
                case PIN -> "PIN to version " + version;
                case ROLLBACK ->
                        version == null
                                ? "ROLLBACK to the previous version"
                                : "ROLLBACK to version " + version;
                default -> action.name();
            };
        }
    }

    /** {@code protoflow model rollback --to N}. */
    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description =
                    "Serve an earlier version and ignore newer snapshots until unpin. Without --to:"
                            + " the version before the newest one published when the command is"
                            + " issued.")
    static final class Rollback implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Target target;

        @Option(names = "--to", paramLabel = "N", description = "The version to roll back to.")
        Long version;

        @Override
        public Integer call() {
            return target.send(spec.commandLine().getOut(), ModelControlAction.ROLLBACK, version);
        }
    }

    /** {@code protoflow model pin --version N}. */
    @Command(
            name = "pin",
            mixinStandardHelpOptions = true,
            description = "Serve this version and ignore newer snapshots until unpin.")
    static final class Pin implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Target target;

        @Option(
                names = "--version",
                required = true,
                paramLabel = "N",
                description = "The version to pin.")
        long version;

        @Override
        public Integer call() {
            return target.send(spec.commandLine().getOut(), ModelControlAction.PIN, version);
        }
    }

    /** {@code protoflow model unpin}. */
    @Command(
            name = "unpin",
            mixinStandardHelpOptions = true,
            description = "Follow the newest snapshot again.")
    static final class Unpin implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Target target;

        @Override
        public Integer call() {
            return target.send(spec.commandLine().getOut(), ModelControlAction.UNPIN, null);
        }
    }
}
