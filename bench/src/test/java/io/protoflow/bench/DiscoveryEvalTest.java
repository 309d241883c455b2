package io.protoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryEvalTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                DiscoveryEval.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void digitsRunPrintsTheCommandTableAndSummary(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("d.md");
        Outcome o =
                run(
                        "--holdout",
                        "0,6",
                        "--seeds",
                        "1",
                        "--ood-rule",
                        "oracle",
                        "--out",
                        md.toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("Command: `DiscoveryEval --holdout 0,6 --seeds 1 --ood-rule oracle")
                .contains("| k | seed | held out |")
                .contains("| 2 | 1 | 0,6 |")
                .contains("k estimate within +-1: ");
        assertThat(Files.readString(md)).isEqualTo(o.out());
    }

    @Test
    void heldOutClassesAreDrawnWithTheSeed() {
        List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

        assertThat(DiscoveryEval.draw(labels, 3, 1L)).isEqualTo(DiscoveryEval.draw(labels, 3, 1L));
        assertThat(DiscoveryEval.draw(labels, 3, 1L))
                .hasSize(3)
                .isSortedAccordingTo(String::compareTo);
        assertThat(DiscoveryEval.draw(labels, 3, 1L))
                .isNotEqualTo(DiscoveryEval.draw(labels, 3, 2L));
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt(@TempDir Path dir) {
        Outcome o = run("--dataset", "fashion-mnist:" + dir);

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("apt-get install dataset-fashion-mnist");
    }

    @Test
    void invalidOptionsFailBeforeRunning() {
        assertThat(run("--k", "10").err()).contains("--k must be in [1, 9], got 10");
        assertThat(run("--ood-rule", "knn:x").err()).contains("--ood-rule 'knn:x': K must be in");
        assertThat(run("--min-support", "0").err())
                .contains("minSupport must be in [1, bufferCapacity = 1000], got 0");
    }
}
