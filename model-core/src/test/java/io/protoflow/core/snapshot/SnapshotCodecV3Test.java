package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Format version 3: OOD thresholds in model snapshots. */
class SnapshotCodecV3Test {

    static List<OodThresholdState> thresholds() {
        return List.of(
                new OodThresholdState("knn", 0.05, 1.25, new byte[] {1, 2, 3, -4}),
                new OodThresholdState("energy", 0.01, Double.POSITIVE_INFINITY, new byte[0]));
    }

    @Test
    void modelSnapshotWithThresholdsRoundTripsAsFormat3() {
        for (LearnerState learner :
                List.of(SnapshotCodecTest.sample().learner(), SnapshotCodecV2Test.sampleV2())) {
            ModelSnapshot m =
                    new ModelSnapshot("m", 2, 1, 5, new Provenance("j", 3, ""), learner)
                            .withOodThresholds(thresholds());
            byte[] bytes = SnapshotCodec.encode(m);
            assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'M', 'S', 0, 0, 0, 3);
            ModelSnapshot back = SnapshotCodec.decode(bytes);
            assertThat(back).isEqualTo(m);
            assertThat(back.oodThresholds().get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(SnapshotCodec.encode(back)).isEqualTo(bytes);
        }
    }

    @Test
    void snapshotsWithoutThresholdsKeepTheirOlderFormat() {
        ModelSnapshot v1 = SnapshotCodecTest.sample();
        assertThat(SnapshotCodec.encode(v1)[7]).isEqualTo((byte) 1);
        ModelSnapshot v2 =
                new ModelSnapshot(
                        "m", 1, 0, 5, new Provenance("j", 3, ""), SnapshotCodecV2Test.sampleV2());
        assertThat(SnapshotCodec.encode(v2)[7]).isEqualTo((byte) 2);
        // a learner state never needs format 3
        assertThat(SnapshotCodec.encodeLearnerState(v2.learner())[7]).isEqualTo((byte) 2);
    }

    @Test
    void everyTruncationAndBitFlipOfFormat3IsDetected() {
        ModelSnapshot m = SnapshotCodecTest.sample().withOodThresholds(thresholds());
        byte[] bytes = SnapshotCodec.encode(m);
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> SnapshotCodec.decode(prefix))
                    .as("prefix of %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (int i = 8; i < bytes.length; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[i] ^= 0x10;
            assertThatThrownBy(() -> SnapshotCodec.decode(corrupt))
                    .as("flipped bit in byte %d", i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void invalidThresholdsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new OodThresholdState("knn", 1.0, 1, new byte[0]))
                .hasMessage("targetFlagRate of scorer 'knn' must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> new OodThresholdState("knn", 0.05, Double.NaN, new byte[0]))
                .hasMessage(
                        "threshold value of scorer 'knn' must be a number or +Infinity, got NaN");
        assertThatThrownBy(
                        () ->
                                SnapshotCodecTest.sample()
                                        .withOodThresholds(
                                                List.of(thresholds().get(0), thresholds().get(0))))
                .hasMessage("oodThresholds has two thresholds for scorer 'knn'");
    }
}
