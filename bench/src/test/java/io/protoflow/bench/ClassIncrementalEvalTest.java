package io.protoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** The shared fixture: 90 sentences, 30 each on space, cooking and football. */
    private static Path topics(Path dir) throws Exception {
        Path file = dir.resolve("topics.jsonl");
        try (InputStream in =
                ClassIncrementalEvalTest.class.getResourceAsStream("/jsonl/topics.jsonl")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static double finalAccuracy(String markdown, String learner, String setting) {
        Matcher m =
                Pattern.compile(
                                "\\| "
                                        + Pattern.quote(learner)
                                        + " \\| "
                                        + setting
                                        + " \\| ([0-9.]+) \\|")
                        .matcher(markdown);
        assertThat(m.find()).as("row %s / %s in:%n%s", learner, setting, markdown).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void jsonlTextsAreEncodedAndLearnedClassByClassFarAboveChance(@TempDir Path dir)
            throws Exception {
        Outcome o =
                run(
                        "--dataset", "jsonl:" + topics(dir),
                        "--label-field", "topic",
                        "--classes-per-stage", "1",
                        "--class-order", "football,space,cooking",
                        "--test", "holdout:0.3",
                        "--warmup", "0");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).contains("encoding 90 texts of").contains("all-minilm-l6-v2-q");
        assertThat(o.out())
                .contains("Data: topics, d = 384 (texts encoded with all-minilm-l6-v2-q,")
                .contains("63 training rows, 27 test rows")
                .contains("after stage 3 (cooking)");
        // Three topics: chance is 1/3. Nearest class mean on MiniLM vectors separates them all
        // but perhaps a sentence or two of the 27 held out.
        assertThat(finalAccuracy(o.out(), "ncm", "class-incremental")).isGreaterThan(0.9);
    }

    @Test
    void timeFieldGivesOneChronologicalStageInTimeOrder(@TempDir Path dir) throws Exception {
        Path file = topics(dir);
        Outcome o =
                run(
                        "--dataset", "jsonl:" + file,
                        "--label-field", "topic",
                        "--time-field", "time",
                        "--test", "jsonl:" + file,
                        "--warmup", "0");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("### Chronological evaluation: topics")
                .contains("90 training rows, 90 test rows")
                .containsPattern("Stages: \\[(space|cooking|football),[a-z]+,[a-z]+: 90\\]");
        // In time order the three topics interleave, so the learner sees each early on.
        assertThat(finalAccuracy(o.out(), "ncm", "chronological")).isGreaterThan(0.9);
    }

    @Test
    void timeFieldRefusesClassStagingOptions(@TempDir Path dir) throws Exception {
        Outcome o =
                run(
                        "--dataset", "jsonl:" + topics(dir),
                        "--time-field", "time",
                        "--classes-per-stage", "1");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err())
                .contains("--classes-per-stage shapes class-incremental stages; with --time-field");
        assertThat(run("--time-field", "time").err())
                .contains("--time-field needs a jsonl:PATH dataset, got --dataset 'digits'");
    }

    @Test
    void badJsonlLineFailsNamingLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(
                file,
                """
                {"text": "a rocket launch", "topic": "space"}
                {"text": "knead the dough", "topic": "cooking"}
                {"text": "the striker scored", "label": "football"}
                {"text": "", "topic": "space"}
                """);
        Outcome o = run("--dataset", "jsonl:" + file, "--label-field", "topic");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err())
                .contains(
                        "error: --dataset jsonl:"
                                + file
                                + " line 3: missing label field 'topic' (and 1 more bad lines)");
        assertThat(o.out()).isEmpty();
    }
}
