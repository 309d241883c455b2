package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format version 2: covariance and feature-map sections. */
class SnapshotCodecV2Test {

    static LearnerState sampleV2() {
        Map<String, String> mapParams = new LinkedHashMap<>();
        mapParams.put("nonlinearity", "relu");
        mapParams.put("bias", "true");
        return new LearnerState(
                "random-features",
                2,
                Map.of("inner", "streaming-lda"),
                List.of(
                        new ClassState(
                                "a", 2, List.of(new PrototypeState(2, new double[] {1, 2, 3}))),
                        new ClassState(
                                "b", 1, List.of(new PrototypeState(1, new double[] {0, -1, 5})))),
                new CovarianceState(3, 3, 1e-4, new double[] {1, 0.5, -0.25, 2, 0, 3}),
                new FeatureMapState("random-projection", 2, 3, -42L, mapParams));
    }

    @Test
    void stateWithCovarianceAndFeatureMapRoundTripsAsFormat2() {
        LearnerState s = sampleV2();
        byte[] bytes = SnapshotCodec.encodeLearnerState(s);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'L', 'S', 0, 0, 0, 2);
        LearnerState decoded = SnapshotCodec.decodeLearnerState(bytes);
        assertThat(decoded).isEqualTo(s);
        assertThat(decoded.covariance().get(2, 0)).isEqualTo(-0.25);
        assertThat(decoded.featureMap().params().keySet()).containsExactly("nonlinearity", "bias");
        assertThat(SnapshotCodec.encodeLearnerState(decoded)).isEqualTo(bytes);
    }

    @Test
    void covarianceOnlyAndFeatureMapOnlyRoundTrip() {
        LearnerState full = sampleV2();
        LearnerState covOnly =
                new LearnerState(
                        "streaming-lda", 3, Map.of(), full.classes(), full.covariance(), null);
        LearnerState mapOnly =
                new LearnerState(
                        "random-features", 2, Map.of(), full.classes(), null, full.featureMap());
        for (LearnerState s : List.of(covOnly, mapOnly)) {
            ModelSnapshot m = new ModelSnapshot("m", 1, 0, 0, new Provenance("j", 3, ""), s);
            assertThat(SnapshotCodec.decode(SnapshotCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void everyTruncationAndBitFlipOfFormat2IsDetected() {
        ModelSnapshot m = new ModelSnapshot("m", 2, 1, 5, new Provenance("j", 3, ""), sampleV2());
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
    void inconsistentDimensionsAreRejected() {
        LearnerState s = sampleV2();
        assertThatThrownBy(
                        () -> new LearnerState("x", 3, Map.of(), List.of(), null, s.featureMap()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("featureMap inputDimension is 2, learner dimension is 3");
        assertThatThrownBy(
                        () -> new LearnerState("x", 2, Map.of(), List.of(), s.covariance(), null))
                .hasMessage("covariance dimension is 3, the learned feature space has 2");
        assertThatThrownBy(() -> new CovarianceState(3, 1, 0, new double[5]))
                .hasMessage("covariance packedUpper has 5 values, dimension 3 needs 6");
        assertThatThrownBy(() -> new CovarianceState(2, 1, 1.5, new double[3]))
                .hasMessage("covariance shrinkage must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new CovarianceState(1, 1, 0, new double[] {Double.NaN}))
                .hasMessage("covariance packedUpper[0] is NaN");
    }
}
