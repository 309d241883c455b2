package io.protoflow.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncoderModelTest {

    @Test
    void resourcesFollowTheIdOfTheModel() {
        assertThat(EncoderModel.MINILM_L6_V2_Q.modelResource())
                .isEqualTo("/all-minilm-l6-v2-q.onnx");
        assertThat(EncoderModel.MINILM_L6_V2.tokenizerResource())
                .isEqualTo("/all-minilm-l6-v2-tokenizer.json");
    }

    @Test
    void byIdFindsModelsAndRejectsUnknownIds() {
        assertThat(EncoderModel.byId("all-minilm-l6-v2")).isEqualTo(EncoderModel.MINILM_L6_V2);
        assertThatThrownBy(() -> EncoderModel.byId("bert"))
                .hasMessage(
                        "unknown encoder model bert, known: [all-minilm-l6-v2-q, all-minilm-l6-v2]");
    }

    @Test
    void configRejectsOutOfRangeValuesNamingTheField() {
        assertThatThrownBy(() -> new EncoderConfig(EncoderModel.MINILM_L6_V2_Q, 4, 0))
                .hasMessage("maxTokens must be in [8, 512], got 4");
        assertThatThrownBy(() -> new EncoderConfig(EncoderModel.MINILM_L6_V2_Q, 256, -1))
                .hasMessage("threads must be >= 0, got -1");
    }
}
