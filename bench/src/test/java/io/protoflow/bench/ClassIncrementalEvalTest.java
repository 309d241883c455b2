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

class ClassIncrementalEvalTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                ClassIncrementalEval.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void digitsRunPrintsCommandAndTableAndWritesFiles(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path csv = dir.resolve("r.csv");
        Outcome o =
                run(
                        "--dataset",
                        "digits",
                        "--learners",
                        "ncm,ncm:metric=cosine",
                        "--moa",
                        "nb",
                        "--offline",
                        "--warmup",
                        "100",
                        "--logreg-epochs",
                        "2",
                        "--out",
                        json.toString(),
                        "--out",
                        csv.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("Command: `ClassIncrementalEval --dataset digits --learners")
                .contains("| ncm | class-incremental |")
                .contains("| ncm:metric=cosine | class-incremental |")
                .contains("| moa:nb | class-incremental |")
                .contains("| ncm | offline |")
                .contains("offline-lda")
                .contains("offline-logreg")
                .contains("after stage 5 (8,9)");
        assertThat(Files.readString(json))
                .contains("\"finalAccuracy\"")
                .contains("\"classAccuracy\"");
        assertThat(Files.readAllLines(csv)).hasSize(1 + 3 + 3 + 2);
    }

    @Test
    void missingFashionMnistSaysHowToGetIt(@TempDir Path dir) {
        Outcome o = run("--dataset", "fashion-mnist:" + dir);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err())
                .contains("sudo apt-get install dataset-fashion-mnist")
                .contains("--dataset idx:");
    }

    @Test
    void unknownLearnerTypeFailsBeforeRunning() {
        Outcome o = run("--learners", "ncm,streaming-ldaa");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown learner type 'streaming-ldaa'");
    }

    @Test
    void csvDatasetWithHoldout(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("f1,f2,species\n");
        Random random = new Random(1);
        String[] names = {"x", "y", "z"};
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            sb.append(c * 4 + random.nextGaussian())
                    .append(',')
                    .append(-c * 4 + random.nextGaussian())
                    .append(',')
                    .append(names[c])
                    .append('\n');
        }
        Path file = dir.resolve("toy.csv");
        Files.writeString(file, sb.toString());
        Outcome o =
                run(
                        "--dataset", "csv:" + file,
                        "--label-column", "species",
                        "--class-order", "z,y,x",
                        "--classes-per-stage", "1",
                        "--test", "holdout:0.3",
                        "--warmup", "0");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("after stage 1 (z)").contains("after stage 3 (x)");
        assertThat(o.out()).contains("27 test rows");
    }
}
