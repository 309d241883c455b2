package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.learn.Prediction;
import io.protoflow.core.learn.ScoredLabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The format-1 golden snapshot must load forever. Regenerate only when adding a new format version
 * (as a new file): {@code mvn -pl model-core test -Dtest=GoldenSnapshotTest
 * -Dprotoflow.golden.write=true}.
 */
class GoldenSnapshotTest {

    private static final String RESOURCE = "/golden/ncm-snapshot.v1.bin";

    /** The model the golden file holds, built by training a real learner. */
    static ModelSnapshot goldenModel() {
        NearestClassMean ncm = new NearestClassMean(4, NearestClassMean.Metric.EUCLIDEAN);
        ncm.learn(new float[] {1, 0, 0, 0}, "cat");
        ncm.learn(new float[] {0, 0, 0, 0}, "cat");
        ncm.learn(new float[] {0, 2, 0, 0}, "chien-é");
        ncm.learn(new float[] {0, 0, 0, 0}, "cat");
        ncm.learn(new float[] {0, 0, 1, 1}, "bird");
        ncm.learn(new float[] {0, 0, 3, 3}, "bird");
        return new ModelSnapshot(
                "golden-ncm",
                3,
                2,
                1_767_225_600_000L,
                new Provenance("golden-test", 6, "sha256:0123456789abcdef"),
                ncm.snapshot());
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
    void goldenSnapshotLoadsWithItsContentsAndPredictions() throws IOException {
        byte[] bytes = readGolden();
        ModelSnapshot s = SnapshotCodec.decode(bytes);

        assertThat(s.modelId()).isEqualTo("golden-ncm");
        assertThat(s.version()).isEqualTo(3);
        assertThat(s.parentVersion()).isEqualTo(2);
        assertThat(s.createdAtMillis()).isEqualTo(1_767_225_600_000L);
        assertThat(s.provenance())
                .isEqualTo(new Provenance("golden-test", 6, "sha256:0123456789abcdef"));
        LearnerState learner = s.learner();
        assertThat(learner.learnerType()).isEqualTo("ncm");
        assertThat(learner.dimension()).isEqualTo(4);
        assertThat(learner.params()).isEqualTo(Map.of("metric", "euclidean"));
        assertThat(learner.labels()).containsExactly("cat", "chien-é", "bird");
        assertThat(learner.classes()).extracting(ClassState::count).containsExactly(3L, 1L, 2L);
        assertThat(learner.classes().get(0).prototypes().get(0).mean())
                .containsExactly(new double[] {1.0 / 3, 0, 0, 0}, within(1e-15));
        assertThat(learner.classes().get(1).prototypes().get(0))
                .isEqualTo(new PrototypeState(1, new double[] {0, 2, 0, 0}));
        assertThat(learner.classes().get(2).prototypes().get(0))
                .isEqualTo(new PrototypeState(2, new double[] {0, 0, 2, 2}));

        Learner restored = Learners.restore(learner);
        Prediction p = restored.predict(new float[] {0, 0, 2, 1});
        assertThat(p.ranked())
                .extracting(ScoredLabel::label)
                .containsExactly("bird", "cat", "chien-é");
        assertThat(p.ranked().get(0).score()).isEqualTo(-1.0);
        // ncm scores with float kernels: float precision
        assertThat(p.ranked().get(1).score()).isCloseTo(-(1.0 / 9 + 5), within(1e-5));
        assertThat(p.ranked().get(2).score()).isEqualTo(-9.0);
        assertThat(restored.predict(new float[] {0, 1.9f, 0, 0}).top().orElseThrow().label())
                .isEqualTo("chien-é");
    }

    @Test
    void currentEncoderReproducesGoldenBytes() throws IOException {
        byte[] bytes = readGolden();
        assertThat(SnapshotCodec.encode(SnapshotCodec.decode(bytes))).isEqualTo(bytes);
    }

    private static byte[] readGolden() throws IOException {
        try (InputStream in = GoldenSnapshotTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }
}
