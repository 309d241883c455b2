package io.protoflow.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void defaultsUseTemporaryDirAndFreePorts() {
        Config config = Config.defaults();

        assertThat(config.dataDir()).isNull();
        assertThat(config.port()).isZero();
        assertThat(config.controllerPort()).isZero();
        assertThat(config.overrides()).isEmpty();
    }

    @Test
    void rejectsPortOutOfRangeNamingFieldAndValue() {
        assertThatThrownBy(() -> Config.defaults().withPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Config.defaults().withControllerPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controllerPort")
                .hasMessageContaining("70000");
    }

    @Test
    void rejectsSamePortForBothListeners() {
        assertThatThrownBy(() -> new Config(null, 9092, 9092, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controllerPort")
                .hasMessageContaining("9092");
    }

    @Test
    void rejectsNullOverridesAndReservedKeys() {
        assertThatThrownBy(() -> new Config(null, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overrides");
        assertThatThrownBy(() -> Config.defaults().withOverride("listeners", "PLAINTEXT://:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners=PLAINTEXT://:1");
    }

    @Test
    void rejectsFileAsDataDir(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("not-a-dir"));

        assertThatThrownBy(() -> Config.defaults().withDataDir(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataDir")
                .hasMessageContaining(file.toString());
    }

    @Test
    void overridesAreCopiedAndApplied(@TempDir Path dir) {
        Map<String, String> overrides = new HashMap<>(Map.of("log.retention.ms", "1000"));
        Config config = new Config(dir, 0, 0, overrides);
        overrides.put("num.partitions", "3");

        assertThat(config.overrides()).containsOnlyKeys("log.retention.ms");
        assertThat(
                        EmbeddedKafkaBroker.brokerProperties(
                                dir,
                                1234,
                                1235,
                                config.withOverride("num.partitions", "4").overrides()))
                .containsEntry("log.retention.ms", "1000")
                .containsEntry("num.partitions", "4")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:1234")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:1235");
    }
}
