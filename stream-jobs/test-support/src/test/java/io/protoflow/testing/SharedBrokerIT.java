package io.protoflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second test class: it must get the broker {@link EmbeddedKafkaExtensionIT} got. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SharedBrokerIT {

    @Test
    void secondTestClassGetsTheSameBroker(EmbeddedKafkaBroker broker) {
        assertThat(BrokerSightings.record(broker)).isEqualTo(1);
    }

    @Test
    void secondMethodGetsTheSameBrokerAndItServesClients(EmbeddedKafkaBroker broker)
            throws Exception {
        assertThat(BrokerSightings.record(broker)).isEqualTo(1);
        EmbeddedKafkaExtensionIT.createTopic(broker, "shared-broker", 1);

        KafkaTestWriter.send(
                broker.bootstrapServers(),
                "shared-broker",
                List.of(Map.entry("k", new byte[] {42})));

        assertThat(
                        KafkaTestReader.readCommitted(
                                broker.bootstrapServers(),
                                "shared-broker",
                                value -> value[0],
                                1,
                                Duration.ofSeconds(30)))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo((byte) 42));
    }
}
