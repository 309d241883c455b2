package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protoflow local} end to end, as a user runs it: its own embedded broker, the learner job
 * on a local MiniCluster, the bundled digits replayed class-incrementally with poison mixed in.
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
                        "--dataset must be digits, fashion-mnist or csv:PATH, got 'parquet:/nowhere'");
    }
}
