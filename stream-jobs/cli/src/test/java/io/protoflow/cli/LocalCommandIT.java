package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protoflow local} end to end, as a user runs it: its own embedded broker, the learner job
 * on a local MiniCluster, the bundled digits replayed class-incrementally with poison mixed in, and
 * a JSON-lines text stream encoded before it is produced.
 */
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalCommandIT {

    @TempDir Path workDir;

    /** What one run of the command printed, and how it exited. */
    private record Run(int status, String out, String err) {}

    private Run protoflow(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ProtoflowCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void replaysDigitsLearnsAllClassesAndReportsDeadLetters() {
        Run run =
                protoflow(
                        "local",
                        "--rate",
                        "0",
                        "--inject-bad",
                        "3",
                        "--work-dir",
                        workDir.toString());
        String text = run.out();
        assertThat(run.status())
                .as("exit status; stdout:%n%s%nstderr:%n%s", text, run.err())
                .isZero();

        assertThat(text)
                .contains(
                        "Replay: 1797 examples of 'digits' in 5 stages (0,1 | 2,3 | 4,5 | 6,7 | 8,9)");
        assertThat(text)
                .contains("Final model: 'digits'")
                .contains("(ncm, d=64), 10 classes, 1797 examples learned");
        assertThat(text).contains("Predictions: 1797  |  dead letters: 3");
        assertThat(text)
                .contains("DIMENSION_MISMATCH=1")
                .contains("NON_FINITE=1")
                .contains("UNDECODABLE=1");

        Matcher all = Pattern.compile("(?m)^all\\s+(\\d+)\\s+([0-9.]+)$").matcher(text);
        assertThat(all.find()).as("summary row 'all' in:%n%s", text).isTrue();
        assertThat(Integer.parseInt(all.group(1))).isEqualTo(1797);
        // Nearest class mean on digits, 5 stages of 2, seed 42 measures 0.932 in model-core.
        assertThat(Double.parseDouble(all.group(2))).isGreaterThan(0.92);
        // One progress line at least, with the live fields.
        assertThat(text)
                .containsPattern(
                        "\\[\\s*[0-9.]+s\\] stage \\d/5 \\| produced\\s+\\d+ \\| predictions");
    }

    @Test
    void badDatasetFailsFastNamingTheValue() {
        Run run =
                protoflow(
                        "local", "--dataset", "parquet:/nowhere", "--work-dir", workDir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "--dataset must be digits, fashion-mnist, csv:PATH or jsonl:PATH, got"
                                + " 'parquet:/nowhere'");
        assertThat(protoflow("local", "--time-field", "t", "--work-dir", workDir.toString()).err())
                .contains("--time-field needs a jsonl:PATH dataset, got --dataset 'digits'");
    }

    @Test
    void learnsATextStreamInTimeOrderAndDeadLettersTheFilesBadLines() throws Exception {
        Path file = workDir.resolve("topics.jsonl");
        try (InputStream in = getClass().getResourceAsStream("/jsonl/topics.jsonl")) {
            Files.copy(in, file);
        }
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "{\"text\": \"the goalkeeper saved it\", \"topic\": \"football\"",
                        "{\"text\": \"a comet passed the Sun\", \"time\": \"2023-11-15T00:00:00Z\"}",
                        "{\"text\": \" \", \"topic\": \"cooking\", \"time\": \"2023-11-15T00:00:00Z\"}",
                        ""),
                StandardOpenOption.APPEND);
        Run run =
                protoflow(
                        "local",
                        "--dataset",
                        "jsonl:" + file,
                        "--label-field",
                        "topic",
                        "--time-field",
                        "time",
                        "--rate",
                        "0",
                        "--work-dir",
                        workDir.toString());
        String text = run.out();
        assertThat(run.status())
                .as("exit status; stdout:%n%s%nstderr:%n%s", text, run.err())
                .isZero();
        assertThat(text)
                .contains(
                        "Texts: 90 labelled texts in "
                                + file
                                + ", 3 bad lines (they go to dead letters)")
                .contains("Texts: encoding with all-minilm-l6-v2-q ... done in")
                .containsPattern(
                        "Replay: 90 examples of 'jsonl:.*topics.jsonl' in 1 stage"
                                + " \\((space|cooking|football),[a-z]+,[a-z]+\\) at full speed,"
                                + " model id 'topics', after 3 bad lines to dead letters");
        assertThat(text)
                .contains("Final model: 'topics'")
                .contains("(ncm, d=384), 3 classes, 90 examples learned");
        assertThat(text)
                .contains(
                        "Predictions: 90  |  dead letters: 3 {INVALID_LABEL=1, INVALID_TEXT=1,"
                                + " UNDECODABLE=1}");
        Matcher all = Pattern.compile("(?m)^all\\s+(\\d+)\\s+([0-9.]+)$").matcher(text);
        assertThat(all.find()).as("summary row 'all' in:%n%s", text).isTrue();
        assertThat(Integer.parseInt(all.group(1))).isEqualTo(90);
        // Three topics (chance 1/3), every text predicted before it is learned: MiniLM vectors
        // and class means get all but the first few right (0.93 in the bench evaluation).
        assertThat(Double.parseDouble(all.group(2))).isGreaterThan(0.8);
    }
}
