package io.protoflow.stream.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.schemas.Example;
import io.protoflow.stream.BadRecordException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleMapperTest {

    private static Example.Builder valid() {
        return Example.newBuilder()
                .setId("e1")
                .setModelId("m")
                .setEventTime(Instant.EPOCH)
                .setFeatures(List.of(1f, 2f, 3f))
                .setLabel("cat");
    }

    private static void assertRejected(Example e, String errorClass, String messagePart) {
        assertThatThrownBy(() -> ExampleMapper.validate(e))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining(messagePart)
                .satisfies(
                        t ->
                                assertThat(((BadRecordException) t).errorClass())
                                        .isEqualTo(errorClass));
    }

    @Test
    void validExampleYieldsItsVector() {
        Example e = valid().build();
        ExampleMapper.validate(e);
        assertThat(ExampleMapper.features(e)).containsExactly(1f, 2f, 3f);
        assertThat(ExampleMapper.boxed(new float[] {4f, 5f})).containsExactly(4f, 5f);
    }

    @Test
    void rejectsEachKindOfBadExampleNamingTheValue() {
        assertRejected(valid().setId(" ").build(), ExampleMapper.MISSING_ID, "id");
        assertRejected(
                valid().setModelId(null).build(),
                ExampleMapper.MISSING_MODEL_ID,
                "no modelId (got null)");
        assertRejected(valid().setModelId("").build(), ExampleMapper.MISSING_MODEL_ID, "got ''");
        assertRejected(
                valid().setFeatures(null).build(),
                ExampleMapper.MISSING_FEATURES,
                "neither features nor text");
        assertRejected(
                valid().setFeatures(List.of()).build(),
                ExampleMapper.MISSING_FEATURES,
                "empty vector");
        assertRejected(
                valid().setFeatures(Arrays.asList(1f, Float.NaN)).build(),
                ExampleMapper.NON_FINITE,
                "features[1] is NaN");
        assertRejected(
                valid().setFeatures(List.of(Float.NEGATIVE_INFINITY)).build(),
                ExampleMapper.NON_FINITE,
                "features[0] is -Infinity");
        assertRejected(
                valid().setLabel("  ").build(), ExampleMapper.INVALID_LABEL, "label is blank");
    }

    @Test
    void textOnlyExampleIsValidAndHasNoVector() {
        Example e = valid().setFeatures(null).setText("a cat on a mat").build();
        ExampleMapper.validate(e);
        assertThat(ExampleMapper.features(e)).isNull();
    }
}
