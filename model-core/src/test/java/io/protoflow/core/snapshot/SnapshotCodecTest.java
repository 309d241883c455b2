package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    static ModelSnapshot sample() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("metric", "cosine");
        params.put("note", "ünïcödé ✓");
        LearnerState learner =
                new LearnerState(
                        "ncm",
                        3,
                        params,
                        List.of(
                                new ClassState(
                                        "cat",
                                        2,
                                        List.of(
                                                new PrototypeState(
                                                        2, new double[] {0.1, -2.5, 1e-300}))),
                                new ClassState(
                                        "chien-é",
                                        1,
                                        List.of(new PrototypeState(1, new double[] {3, 0, 7})))));
        return new ModelSnapshot(
                "model-α",
                4,
                3,
                1_767_225_600_000L,
                new Provenance("learner-job", 3, "sha256:abc"),
                learner);
    }

    @Test
    void modelSnapshotRoundTripsExactly() {
        ModelSnapshot s = sample();
        byte[] bytes = SnapshotCodec.encode(s);
        assertThat(SnapshotCodec.decode(bytes)).isEqualTo(s);
        assertThat(SnapshotCodec.encode(SnapshotCodec.decode(bytes))).isEqualTo(bytes);
        // no covariance, no feature map: written as format 1, readable by format-1 builds
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'M', 'S', 0, 0, 0, 1);
    }

    @Test
    void learnerStateRoundTripsExactly() {
        LearnerState s = sample().learner();
        byte[] bytes = SnapshotCodec.encodeLearnerState(s);
        LearnerState decoded = SnapshotCodec.decodeLearnerState(bytes);
        assertThat(decoded).isEqualTo(s);
        assertThat(decoded.params().keySet()).containsExactly("metric", "note");
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PFLS");
    }

    @Test
    void unknownFormatVersionFailsNamingBothVersions() {
        byte[] bytes = SnapshotCodec.encode(sample());
        ByteBuffer.wrap(bytes).putInt(4, 7);
        assertThatThrownBy(() -> SnapshotCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown snapshot format version 7, this build reads up to 3");
        byte[] state = SnapshotCodec.encodeLearnerState(sample().learner());
        ByteBuffer.wrap(state).putInt(4, 0);
        assertThatThrownBy(() -> SnapshotCodec.decodeLearnerState(state))
                .hasMessage("unknown snapshot format version 0, this build reads up to 3");
    }

    @Test
    void badMagicFailsAndPointsToTheRightDecoder() {
        assertThatThrownBy(() -> SnapshotCodec.decode("hello world!".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "not a Protoflow model snapshot: magic bytes are 0x68656C6C ('hell'),"
                                + " expected 0x50464D53 ('PFMS')");
        byte[] state = SnapshotCodec.encodeLearnerState(sample().learner());
        assertThatThrownBy(() -> SnapshotCodec.decode(state))
                .hasMessageEndingWith("(these bytes are a learner state: use decodeLearnerState)");
        byte[] model = SnapshotCodec.encode(sample());
        assertThatThrownBy(() -> SnapshotCodec.decodeLearnerState(model))
                .hasMessageEndingWith("(these bytes are a model snapshot: use decode)");
    }

    @Test
    void everyTruncationFailsWithAClearMessage() {
        byte[] bytes = SnapshotCodec.encode(sample());
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> SnapshotCodec.decode(prefix))
                    .as("prefix of %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(
                            e ->
                                    assertThat(e.getMessage())
                                            .containsAnyOf("truncated", "magic bytes"));
        }
        assertThatThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(bytes, 30)))
                .hasMessageStartingWith("model snapshot is truncated: 30 bytes, ended at offset");
    }

    @Test
    void corruptedBytesAreDetected() {
        byte[] bytes = SnapshotCodec.encode(sample());
        for (int i = 8; i < bytes.length; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[i] ^= 0x10;
            assertThatThrownBy(() -> SnapshotCodec.decode(corrupt))
                    .as("flipped bit in byte %d", i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] lastByte = bytes.clone();
        lastByte[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> SnapshotCodec.decode(lastByte))
                .hasMessageStartingWith("model snapshot checksum mismatch: stored 0x");
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> SnapshotCodec.decode(trailing))
                .hasMessageContaining("has 3 unexpected trailing bytes");
    }

    @Test
    void encodingIsDeterministic() {
        assertThat(SnapshotCodec.encode(sample())).isEqualTo(SnapshotCodec.encode(sample()));
    }
}
