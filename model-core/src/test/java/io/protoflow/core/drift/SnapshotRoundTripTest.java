package io.protoflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A detector restored from its state, through the byte codec, continues exactly as the original:
 * the same states and evidence for every further value, and equal final snapshots.
 */
class SnapshotRoundTripTest {

    private static List<DriftDetector> detectors() {
        return List.of(
                new AdwinDetector(AdwinConfig.defaults().withWarningDelta(0.05)),
                new DdmDetector(),
                new PageHinkleyDetector(
                        PageHinkleyConfig.defaults().withDirection(ChangeDirection.BOTH)),
                new KswinDetector(KswinConfig.defaults(11).withAlpha(0.01)),
                DriftDetectors.create("page-hinkley", Map.of("lambda", "20", "delta", "0.01")));
    }

    @Test
    void restoredScalarDetectorsContinueExactly() {
        double[] stream =
                SyntheticStreams.bernoulli(
                        9,
                        20_000,
                        i -> i < 6000 ? 0.1 : i < 12_000 ? 0.45 : i < 16_000 ? 0.1 : 0.5);
        for (DriftDetector original : detectors()) {
            for (int i = 0; i < 9000; i++) {
                original.update(stream[i]);
            }
            byte[] bytes = DriftStateCodec.encode(original.snapshot());
            ScalarDetectorState decoded = DriftStateCodec.decodeScalar(bytes);
            assertThat(decoded).as(original.type()).isEqualTo(original.snapshot());
            DriftDetector restored = DriftDetectors.restore(decoded);
            assertThat(restored.evidence()).isEqualTo(original.evidence());
            List<DriftState> a = new ArrayList<>();
            List<DriftState> b = new ArrayList<>();
            for (int i = 9000; i < stream.length; i++) {
                a.add(original.update(stream[i]));
                b.add(restored.update(stream[i]));
                assertThat(restored.evidence()).isEqualTo(original.evidence());
            }
            assertThat(b).as(original.type()).isEqualTo(a);
            assertThat(a).as(original.type() + " saw the later drift").contains(DriftState.DRIFT);
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
            assertThat(DriftStateCodec.encode(restored.snapshot()))
                    .isEqualTo(DriftStateCodec.encode(original.snapshot()));
        }
    }
}
