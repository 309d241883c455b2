package io.protoflow.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicStateCodecTest {

    /** The prototypes kept as golden bytes: 60 noisy copies of three axes in 6 dimensions. */
    static TopicPrototypes goldenPrototypes() {
        TopicPrototypes topics = new TopicPrototypes(new TopicConfig(0.6, 8), 6);
        Random random = new Random(17);
        for (int i = 0; i < 60; i++) {
            float[] v = new float[6];
            v[i % 3] = 1;
            for (int d = 0; d < 6; d++) {
                v[d] += (float) (0.1 * random.nextGaussian());
            }
            topics.assign(v);
        }
        return topics;
    }

    private static void assertSameState(TopicState actual, TopicState expected) {
        assertThat(actual.config()).isEqualTo(expected.config());
        assertThat(actual.dimension()).isEqualTo(expected.dimension());
        assertThat(actual.counts()).isEqualTo(expected.counts());
        assertThat(actual.sums()).hasSameSizeAs(expected.sums());
        for (int t = 0; t < expected.sums().size(); t++) {
            assertThat(actual.sums().get(t)).containsExactly(expected.sums().get(t));
        }
    }

    @Test
    void roundTripRestoresPrototypesThatAssignExactlyLikeTheOriginal() {
        TopicPrototypes original = goldenPrototypes();
        TopicPrototypes restored =
                TopicPrototypes.restore(
                        TopicStateCodec.decode(TopicStateCodec.encode(original.snapshot())));
        assertSameState(restored.snapshot(), original.snapshot());
        float[] probe = {0.1f, 0.2f, 0.9f, 0, 0, 0.3f};
        assertThat(restored.assign(probe)).isEqualTo(original.assign(probe)).isEqualTo(2);
    }

    @Test
    void goldenVersion1BytesStillDecodeAndAreReproduced() throws IOException {
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/topic-state.v1.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        TopicState expected = goldenPrototypes().snapshot();
        assertThat(expected.counts()).containsExactly(20L, 20L, 20L);
        assertSameState(TopicStateCodec.decode(golden), expected);
        assertThat(TopicStateCodec.encode(expected)).isEqualTo(golden);
    }

    @Test
    void refusesNewerCorruptAndForeignBytes() {
        byte[] bytes = TopicStateCodec.encode(goldenPrototypes().snapshot());
        byte[] newer = bytes.clone();
        newer[7] = 2;
        assertThatThrownBy(() -> TopicStateCodec.decode(newer))
                .hasMessage("unknown topic state format version 2, this build reads up to 1");
        byte[] corrupt = bytes.clone();
        corrupt[30] ^= 1;
        assertThatThrownBy(() -> TopicStateCodec.decode(corrupt))
                .hasMessageStartingWith("topic state checksum mismatch");
        byte[] foreign = bytes.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> TopicStateCodec.decode(foreign))
                .hasMessageStartingWith("not a Protoflow topic state: magic bytes are 0x58465453");
    }
}
