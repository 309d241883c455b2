package io.protoflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class DriftStateCodecTest {

    private static final String GOLDEN_V2 = "/golden/drift-state-adwin.v2.bin";

    /**
     * The detector whose state is kept as golden bytes: fixed seed and stream, 3000 values.
     *
     * @param config the ADWIN defaults of the format version, with direction increase
     */
    static AdwinDetector goldenAdwin(AdwinConfig config) {
        AdwinDetector d = new AdwinDetector(config.withDirection(ChangeDirection.INCREASE));
        for (double v : SyntheticStreams.bernoulli(77, 3000, i -> i < 2000 ? 0.1 : 0.6)) {
            d.update(v);
        }
        return d;
    }

    @Test
    void goldenVersion1BytesDecodeWithoutLengthDiscountAndContinueAsBefore() throws IOException {
        byte[] golden = golden("/golden/drift-state-adwin.v1.bin");
        ScalarDetectorState decoded = DriftStateCodec.decodeScalar(golden);
        // format 1 had no length discount and tested after every value
        AdwinDetector expected = goldenAdwin(AdwinConfig.everyValue());
        assertThat(decoded).isEqualTo(expected.snapshot());
        assertThat(((AdwinState) decoded).config().lengthDiscount()).isZero();
        assertThat(((AdwinState) decoded).drifts()).isGreaterThanOrEqualTo(1);
        AdwinDetector restored = AdwinDetector.restore((AdwinState) decoded);
        double[] more = SyntheticStreams.bernoulli(78, 2000, i -> i < 1000 ? 0.6 : 0.95);
        assertThat(SyntheticStreams.drifts(restored, more))
                .isEqualTo(SyntheticStreams.drifts(expected, more));
    }

    @Test
    void goldenVersion2BytesStillDecodeAndAreReproduced() throws IOException {
        byte[] golden = golden(GOLDEN_V2);
        AdwinDetector expected = goldenAdwin(AdwinConfig.defaults());
        assertThat(DriftStateCodec.decodeScalar(golden)).isEqualTo(expected.snapshot());
        assertThat(DriftStateCodec.encode(expected.snapshot())).isEqualTo(golden);
        assertThat(expected.drifts()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @EnabledIfSystemProperty(named = "protoflow.golden.write", matches = "true")
    void writeGoldenVersion2() throws IOException {
        Path file =
                Path.of(System.getProperty("basedir", "."))
                        .resolve("src/test/resources" + GOLDEN_V2);
        assertThat(file)
                .as("golden %s exists; a new format version gets a new file", file)
                .doesNotExist();
        Files.write(file, DriftStateCodec.encode(goldenAdwin(AdwinConfig.defaults()).snapshot()));
        System.out.println("wrote " + file.toAbsolutePath());
    }

    private byte[] golden(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as("golden file %s", resource).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void rejectsCorruptForeignAndNewerBytesWithAClearMessage() {
        byte[] bytes = DriftStateCodec.encode(new DdmDetector().snapshot());
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(flipped))
                .hasMessageContaining("drift state checksum mismatch");
        byte[] newer = bytes.clone();
        newer[7] = 3;
        assertThatThrownBy(() -> DriftStateCodec.decodeScalar(newer))
                .hasMessage("unknown drift state format version 3, this build reads up to 2");
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
