package io.protoflow.stream.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.schemas.Example;
import io.protoflow.stream.BadRecordException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private final AvroSerde<Example> serde = AvroSerde.of(Example.class);

    @Test
    void roundTripsThroughSerializerAndDeserializer() {
        Example example = AvroCodecTest.fullExample();

        byte[] bytes = serde.serializer().serialize("protoflow.examples", example);

        assertThat(serde.deserializer().deserialize("protoflow.examples", bytes))
                .isEqualTo(example);
        assertThat(bytes).isEqualTo(serde.codec().encode(example));
    }

    @Test
    void mapsNullToNullBothWaysForTombstones() {
        assertThat(serde.serializer().serialize("protoflow.examples", null)).isNull();
        assertThat(serde.deserializer().deserialize("protoflow.examples", null)).isNull();
    }

    @Test
    void throwsBadRecordExceptionForBadBytes() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("protoflow.examples", text))
                .isInstanceOfSatisfying(
                        BadRecordException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(BadRecordException.UNDECODABLE))
                .hasMessageContaining("first bytes 0x68 0x65");
        assertThatThrownBy(
                        () -> serde.deserializer().deserialize("protoflow.examples", new byte[0]))
                .isInstanceOf(BadRecordException.class);
    }
}
