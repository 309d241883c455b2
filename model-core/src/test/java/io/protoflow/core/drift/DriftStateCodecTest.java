package io.protoflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DriftStateCodecTest {

    /** The detector whose state is kept as golden bytes: fixed seed and stream, 3000 values. */
    static AdwinDetector goldenAdwin() {
        AdwinDetector d =
                new AdwinDetector(AdwinConfig.defaults().withDirection(ChangeDirection.INCREASE));
        for (double v : SyntheticStreams.bernoulli(77, 3000, i -> i < 2000 ? 0.1 : 0.6)) {
            d.update(v);
        }
        return d;
    }

    @Test
    void goldenVersion1BytesStillDecodeAndAreReproduced() throws IOException {
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/drift-state-adwin.v1.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        ScalarDetectorState decoded = DriftStateCodec.decodeScalar(golden);
        AdwinDetector expected = goldenAdwin();
        assertThat(decoded).isEqualTo(expected.snapshot());
        assertThat(DriftStateCodec.encode(expected.snapshot())).isEqualTo(golden);
        assertThat(((AdwinState) decoded).drifts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rejectsCorruptForeignAndNewerBytesWithAClearMessage() {
        byte[] bytes = DriftStateCodec.encode(new DdmDetector().snapshot());
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(flipped))
                .hasMessageContaining("drift state checksum mismatch");
        byte[] newer = bytes.clone();
        newer[7] = 2;
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(newer))
                .hasMessage("unknown drift state format version 2, this build reads up to 1");
        byte[] foreign = bytes.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(foreign))
                .hasMessageStartingWith("not a Protoflow drift state: magic bytes are");
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(Arrays.copyOf(bytes, 10)))
                .hasMessage("drift state is truncated: 10 bytes, at least 12 needed");
        byte[] mmd =
                DriftStateCodec.encode(new MmdDriftDetector(MmdConfig.defaults(4, 1)).snapshot());
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(mmd))
                .hasMessage("drift state is invalid: these bytes hold an mmd state: use decodeMmd");
    }
}
