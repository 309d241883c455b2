package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.ood.ThresholdCalibrator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The format-3 golden snapshot (the format-1 NCM model plus two calibrated OOD thresholds) must
 * load forever. Regenerate only when adding a new format version (as a new file): {@code mvn -pl
 * model-core -am test -Dtest=GoldenSnapshotV3Test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprotoflow.golden.write=true}.
 */
class GoldenSnapshotV3Test {

    private static final String RESOURCE = "/golden/ncm-ood-snapshot.v3.bin";

    /** Scores 0, 1, ..., 999 at 5%, and an uncalibrated threshold at 1%. */
    static ModelSnapshot goldenModel() {
        ThresholdCalibrator knn = new ThresholdCalibrator("knn", 0.05);
        for (int i = 0; i < 1000; i++) {
            knn.observe(i);
        }
        ThresholdCalibrator energy = new ThresholdCalibrator("energy", 0.01);
        return GoldenSnapshotTest.goldenModel()
                .withOodThresholds(List.of(knn.state(), energy.state()));
    }

    @Test
    @EnabledIfSystemProperty(named = "protoflow.golden.write", matches = "true")
    void writeGoldenSnapshot() throws IOException {
        Path file =
                Path.of(System.getProperty("basedir", "."))
                        .resolve("src/test/resources" + RESOURCE);
        Files.createDirectories(file.getParent());
        Files.write(file, SnapshotCodec.encode(goldenModel()));
        System.out.println("wrote " + file.toAbsolutePath());
    }

    @Test
    void goldenLoadsWithItsThresholdsAndTheyGoOnCalibrating() throws IOException {
        byte[] bytes;
        try (InputStream in = GoldenSnapshotV3Test.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            bytes = in.readAllBytes();
        }
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'M', 'S', 0, 0, 0, 3);
        ModelSnapshot s = SnapshotCodec.decode(bytes);
        assertThat(s.learner()).isEqualTo(GoldenSnapshotTest.goldenModel().learner());
        assertThat(s.oodThresholds())
                .extracting(OodThresholdState::scorer)
                .containsExactly("knn", "energy");
        OodThresholdState knn = s.oodThresholds().get(0);
        assertThat(knn.targetFlagRate()).isEqualTo(0.05);
        assertThat(knn.value()).isCloseTo(949.5, within(1.0));
        assertThat(s.oodThresholds().get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.oodThresholds().get(1).sketch()).isEmpty();

        ThresholdCalibrator restored = ThresholdCalibrator.restore(knn);
        assertThat(restored.count()).isEqualTo(1000);
        assertThat(restored.threshold()).isEqualTo(knn.value());
        for (int i = 1000; i < 2000; i++) {
            restored.observe(i);
        }
        assertThat(restored.threshold()).isCloseTo(1899.5, within(2.0));
        assertThat(SnapshotCodec.encode(s)).isEqualTo(bytes);
    }
}
