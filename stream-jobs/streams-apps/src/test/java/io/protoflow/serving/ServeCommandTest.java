package io.protoflow.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private static ServingSettings parse(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings(env);
    }

    @Test
    void defaultsAreLoopbackPort8088AndNoAdmin() {
        ServingSettings s = parse(Map.of());
        assertThat(s.bindAddress().isLoopbackAddress()).isTrue();
        assertThat(s.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(s.httpPort()).isEqualTo(8088);
        assertThat(s.adminEnabled()).isFalse();
        assertThat(s.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.createTopics()).isTrue();
        assertThat(s.serving().retainedVersions()).isEqualTo(20);
    }

    @Test
    void tokenComesFromTheFlagOrTheEnvironment() {
        String token = "0123456789abcdef0123";
        assertThat(parse(Map.of(ServeCommand.TOKEN_ENV, token)).adminToken()).isEqualTo(token);
        assertThat(
                        parse(
                                        Map.of(ServeCommand.TOKEN_ENV, "from-the-environment-x"),
                                        "--admin-token",
                                        token)
                                .adminToken())
                .isEqualTo(token);
        assertThat(parse(Map.of(ServeCommand.TOKEN_ENV, "  ")).adminEnabled()).isFalse();
    }

    @Test
    void kafkaPropertiesAndTopologyFlagsPassThrough() {
        ServingSettings s =
                parse(
                        Map.of(),
                        "--bootstrap-servers",
                        "b1:9093",
                        "--kafka-property",
                        "security.protocol=SASL_SSL",
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "--topic-prefix",
                        "dev.",
                        "--top-k",
                        "3",
                        "--retained-versions",
                        "4",
                        "--bind-address",
                        "0.0.0.0",
                        "--http-port",
                        "0",
                        "--no-create-topics");
        assertThat(s.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(s.serving().topicPrefix()).isEqualTo("dev.");
        assertThat(s.serving().topK()).isEqualTo(3);
        assertThat(s.serving().retainedVersions()).isEqualTo(4);
        assertThat(s.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(s.createTopics()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> parse(Map.of(), "--admin-token", "too-short"))
                .hasMessage("adminToken must have at least 16 characters, got 9");
        assertThatThrownBy(() -> parse(Map.of(), "--partitions", "0"))
                .hasMessage("partitions must be >= 1, got 0");
    }
}
