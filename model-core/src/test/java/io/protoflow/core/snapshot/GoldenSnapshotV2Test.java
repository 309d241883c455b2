package io.protoflow.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.Prediction;
import io.protoflow.core.learn.ScoredLabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The format-2 golden snapshots (streaming LDA; random features in front of streaming LDA) must
 * load forever. Regenerate only when adding a new format version (as new files): {@code mvn -pl
 * model-core -am test -Dtest=GoldenSnapshotV2Test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprotoflow.golden.write=true}.
 */
class GoldenSnapshotV2Test {

    private static final String LDA = "/golden/streaming-lda-snapshot.v2.bin";
    private static final String RANDOM_FEATURES = "/golden/random-features-snapshot.v2.bin";

    private static final float[][] XS = {
        {1, 0, 0}, {2, 1, 0}, {0, 0, 1}, {1, 1, 3}, {5, 5, 5}, {6, 4, 5}, {1, 0, 1}, {5, 6, 4}
    };
    private static final String[] LABELS = {"a", "a", "b", "b", "c", "c", "b", "c"};

    /** A streaming LDA trained on eight 3-d examples of three classes. */
    static ModelSnapshot ldaModel() {
        Learner lda =
                Learners.create(
                        "streaming-lda", 3, Map.of("shrinkage", "0.125", "priors", "empirical"));
        return model("golden-lda", lda);
    }

    /** Eight random ReLU features (seed 7) in front of streaming LDA, same data. */
    static ModelSnapshot randomFeaturesModel() {
        Learner rf =
                Learners.create(
                        "random-features",
                        3,
                        Map.of(
                                "outputDimension", "8",
                                "seed", "7",
                                "bias", "true",
                                "inner.shrinkage", "0.25"));
        return model("golden-random-features", rf);
    }

    private static ModelSnapshot model(String id, Learner learner) {
        for (int i = 0; i < XS.length; i++) {
            learner.learn(XS[i], LABELS[i]);
        }
        return new ModelSnapshot(
                id,
                5,
                4,
                1_767_225_600_000L,
                new Provenance("golden-test", 8, "sha256:fedcba9876543210"),
                learner.snapshot());
    }

    @Test
    @EnabledIfSystemProperty(named = "protoflow.golden.write", matches = "true")
    void writeGoldenSnapshots() throws IOException {
        write(LDA, ldaModel());
        write(RANDOM_FEATURES, randomFeaturesModel());
    }

    private static void write(String resource, ModelSnapshot model) throws IOException {
        Path file =
                Path.of(System.getProperty("basedir", "."))
                        .resolve("src/test/resources" + resource);
        Files.createDirectories(file.getParent());
        Files.write(file, SnapshotCodec.encode(model));
        System.out.println("wrote " + file.toAbsolutePath());
    }

    @Test
    void streamingLdaGoldenLoadsWithItsContentsAndPredictions() throws IOException {
        byte[] bytes = read(LDA);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'M', 'S', 0, 0, 0, 2);
        ModelSnapshot s = SnapshotCodec.decode(bytes);
        assertThat(s.modelId()).isEqualTo("golden-lda");
        assertThat(s.provenance())
                .isEqualTo(new Provenance("golden-test", 8, "sha256:fedcba9876543210"));
        LearnerState learner = s.learner();
        assertThat(learner.learnerType()).isEqualTo("streaming-lda");
        assertThat(learner.params())
                .isEqualTo(
                        Map.of(
                                "shrinkage",
                                "0.125",
                                "priors",
                                "empirical",
                                "refreshEvery",
                                "auto"));
        assertThat(learner.labels()).containsExactly("a", "b", "c");
        assertThat(learner.classes()).extracting(ClassState::count).containsExactly(2L, 3L, 3L);
        assertThat(learner.classes().get(0).prototypes().get(0).mean())
                .containsExactly(new double[] {1.5, 0.5, 0}, within(1e-15));
        CovarianceState cov = learner.covariance();
        assertThat(cov.dimension()).isEqualTo(3);
        assertThat(cov.count()).isEqualTo(8);
        assertThat(cov.shrinkage()).isEqualTo(0.125);
        // scatter of a: (.5,.5,0)(.5,.5,0)^T * 2; b around (2/3, 1/3, 5/3); c around (16/3, 5,
        // 14/3)
        double[][] expected = batchCovariance();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(cov.get(i, j)).isCloseTo(expected[i][j], within(1e-12));
            }
        }
        assertThat(learner.featureMap()).isNull();

        Learner restored = Learners.restore(learner);
        Prediction p = restored.predict(new float[] {1, 0.5f, 0});
        assertThat(p.ranked()).extracting(ScoredLabel::label).startsWith("a");
        assertThat(restored.predict(new float[] {5, 5, 5}).top().orElseThrow().label())
                .isEqualTo("c");
        assertThat(restored.predict(new float[] {0.5f, 0, 1.5f}).top().orElseThrow().label())
                .isEqualTo("b");
        assertThat(SnapshotCodec.encode(s)).isEqualTo(bytes);
        assertThat(restored.snapshot()).isEqualTo(learner);
    }

    @Test
    void randomFeaturesGoldenLoadsWithItsSpecAndPredictions() throws IOException {
        byte[] bytes = read(RANDOM_FEATURES);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly('P', 'F', 'M', 'S', 0, 0, 0, 2);
        ModelSnapshot s = SnapshotCodec.decode(bytes);
        LearnerState learner = s.learner();
        assertThat(learner.learnerType()).isEqualTo("random-features");
        assertThat(learner.dimension()).isEqualTo(3);
        assertThat(learner.featureMap())
                .isEqualTo(
                        new FeatureMapState(
                                "random-projection",
                                3,
                                8,
                                7,
                                Map.of("nonlinearity", "relu", "bias", "true")));
        assertThat(learner.params())
                .containsEntry("inner", "streaming-lda")
                .containsEntry("inner.shrinkage", "0.25")
                .containsEntry("outputDimension", "8")
                .containsEntry("seed", "7");
        assertThat(learner.covariance().dimension()).isEqualTo(8);
        assertThat(learner.classes().get(0).prototypes().get(0).dimension()).isEqualTo(8);

        Learner restored = Learners.restore(learner);
        for (int i = 0; i < XS.length; i++) {
            assertThat(restored.predict(XS[i]).top().orElseThrow().label())
                    .as("training example %d", i)
                    .isEqualTo(LABELS[i]);
        }
        // the rebuilt map reproduces the stored class means (within float projection rounding)
        Learner retrained = randomFeaturesLearnerFromSpec();
        assertThat(retrained.snapshot().classes().get(2).prototypes().get(0).mean())
                .containsExactly(learner.classes().get(2).prototypes().get(0).mean(), within(1e-5));
        assertThat(SnapshotCodec.encode(s)).isEqualTo(bytes);
    }

    private static Learner randomFeaturesLearnerFromSpec() {
        Learner rf =
                Learners.create(
                        "random-features",
                        3,
                        Map.of(
                                "outputDimension", "8",
                                "seed", "7",
                                "bias", "true",
                                "inner.shrinkage", "0.25"));
        for (int i = 0; i < XS.length; i++) {
            rf.learn(XS[i], LABELS[i]);
        }
        return rf;
    }

    private static double[][] batchCovariance() {
        double[][] means = new double[3][3];
        int[] counts = new int[3];
        for (int k = 0; k < XS.length; k++) {
            int c = LABELS[k].charAt(0) - 'a';
            counts[c]++;
            for (int i = 0; i < 3; i++) {
                means[c][i] += XS[k][i];
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                means[c][i] /= counts[c];
            }
        }
        double[][] cov = new double[3][3];
        for (int k = 0; k < XS.length; k++) {
            int c = LABELS[k].charAt(0) - 'a';
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i][j] += (XS[k][i] - means[c][i]) * (XS[k][j] - means[c][j]) / XS.length;
                }
            }
        }
        return cov;
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = GoldenSnapshotV2Test.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
