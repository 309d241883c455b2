package io.protoflow.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchServiceConfigTest {

    @Test
    void loopbackByDefaultAndClientPropertiesCopied() {
        SearchServiceConfig config = SearchServiceConfig.of("k:9092", "docs", Path.of("idx"));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.kafkaProperties()).isEmpty();

        Map<String, String> security = new HashMap<>(Map.of("security.protocol", "SASL_SSL"));
        SearchServiceConfig secured =
                config.withKafkaProperties(security).withBindAddress("0.0.0.0").withHttpPort(9);
        security.put("sasl.mechanism", "PLAIN");
        assertThat(secured.kafkaProperties())
                .containsExactly(Map.entry("security.protocol", "SASL_SSL"));
        assertThat(secured.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(secured.httpPort()).isEqualTo(9);
        assertThatThrownBy(() -> config.withBindAddress(" "))
                .hasMessage("bindAddress must not be blank, got  ");
    }
}
