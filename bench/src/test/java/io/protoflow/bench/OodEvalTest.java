package io.protoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OodEvalTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                OodEval.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void digitsRunHoldsOutClassesEightAndNineAndReportsEveryScorer(@TempDir Path dir)
            throws Exception {
        Path md = dir.resolve("ood.md");
        Outcome o =
                run(
                        "--in",
                        "digits",
                        "--learners",
                        "streaming-lda,ncm",
                        "--scorers",
                        "mahalanobis,max-cosine,knn:k=5,reservoirSize=100,energy",
                        "--out",
                        md.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("Command: `OodEval --in digits --learners streaming-lda,ncm")
                .contains("in-distribution classes [0, 1, 2, 3, 4, 5, 6, 7]")
                .contains("OOD: 106 rows (the test rows of the other classes)")
                .contains("| streaming-lda | mahalanobis | 0.")
                .contains("| streaming-lda | knn:k=5,reservoirSize=100 | 0.")
                .contains("| ncm | mahalanobis | n/a: learner state of type 'ncm' holds no")
                .contains("| ncm | energy | 0.");
        assertThat(Files.readString(md)).isEqualTo(o.out());
    }

    @Test
    void userDatasetsForBothSidesAreScored(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.csv");
        Path ood = dir.resolve("ood.csv");
        Files.writeString(in, blobs(new Random(1), 300, 0.0));
        Files.writeString(ood, blobs(new Random(2), 60, 40.0));
        Outcome o =
                run(
                        "--in", "csv:" + in,
                        "--ood", "csv:" + ood,
                        "--learners", "ncm",
                        "--scorers", "max-cosine;energy;knn:k=3",
                        "--in-test", "holdout:0.3");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("in-distribution classes [a, b]")
                .contains("OOD: 60 rows (csv:" + ood + ")")
                .contains("| ncm | energy | 1.000 | 0.000 |")
                .contains("| ncm | knn:k=3 | 1.000 | 0.000 |");
    }

    @Test
    void validationRunKeepsTheRealOodClassesOut() {
        Outcome o =
                run(
                        "--in", "digits",
                        "--in-classes", "0,1,2,3,4,5",
                        "--ood-classes", "6,7",
                        "--learners", "ncm",
                        "--scorers", "energy");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("in-distribution classes [0, 1, 2, 3, 4, 5]")
                .contains("(the test rows of classes [6, 7])");
        Outcome bad = run("--in", "digits", "--in-classes", "0,1", "--ood-classes", "1,2");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err())
                .contains("--ood-classes names '1', which is not a class of --in outside");
    }

    @Test
    void oodDatasetOfAnotherDimensionIsRejected(@TempDir Path dir) throws Exception {
        Path ood = dir.resolve("ood.csv");
        Files.writeString(ood, "f1,label\n1,x\n");
        Outcome o = run("--in", "digits", "--ood", "csv:" + ood);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("error: --ood dataset has dimension 1, --in has 64");
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt(@TempDir Path dir) {
        Outcome o = run("--in", "fashion-mnist:" + dir);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err())
                .contains("apt-get install dataset-fashion-mnist")
                .contains("--in idx:IMAGES,LABELS");
    }

    @Test
    void combinedScoreStandardisesItsPartsOnTheCalibrationRows() {
        Outcome o =
                run(
                        "--in",
                        "digits",
                        "--scorers",
                        "knn;mahalanobis:relative=true",
                        "--combine",
                        "knn+mahalanobis:relative=true");
        assertThat(o.status()).as(o.err()).isZero();
        // the sum of two standardised scores is calibrated like any scorer: about 5 % flagged
        assertThat(o.out())
                .containsPattern(
                        "\\| streaming-lda \\| combined knn\\+mahalanobis:relative=true \\| 0\\.9\\d\\d"
                                + " \\| 0\\.\\d+ \\| -?\\d\\.\\d+ \\| 0\\.0[2-8]\\d \\|");
        Outcome bad = run("--in", "digits", "--scorers", "knn", "--combine", "knn+energy");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--combine names 'energy', which is not a scorer");
    }

    @Test
    void unknownScorerFailsBeforeRunning() {
        Outcome o = run("--in", "digits", "--scorers", "knn,odin");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown OOD scorer 'odin'");
    }

    /** Two 3-d Gaussian classes a, b around {@code offset}. */
    private static String blobs(Random random, int n, double offset) {
        StringBuilder sb = new StringBuilder("f1,f2,f3,label\n");
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            for (int j = 0; j < 3; j++) {
                sb.append(offset + 5 * c + random.nextGaussian()).append(',');
            }
            sb.append(c == 0 ? "a" : "b").append('\n');
        }
        return sb.toString();
    }
}
