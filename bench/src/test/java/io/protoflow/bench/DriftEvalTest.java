package io.protoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftEvalTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                DriftEval.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void smallRunComparesOursWithMoaOnTheSameStreams(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("drift.md");
        Outcome o =
                run(
                        "--generators", "agrawal",
                        "--widths", "1,500",
                        "--seeds", "2",
                        "--drifts", "2",
                        "--segment", "8000",
                        "--max-delay", "3000",
                        "--out", md.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("Command: `DriftEval --generators agrawal --widths 1,500")
                .contains("| agrawal w=1 | 0.")
                .contains("| agrawal | 1 | adwin:direction=increase | ")
                .contains("| agrawal | 500 | moa-page-hinkley | ")
                .contains("| moa-adwin | abrupt | ")
                .contains("| kswin:direction=increase | gradual | ")
                .contains("Paired, adwin:direction=increase against moa-adwin");
        // Agrawal 1 -> 4 is a large error jump: ADWIN finds at least those two drifts
        assertThat(o.out())
                .containsPattern("\\| agrawal \\| 1 \\| adwin:direction=increase \\| [234]/4 \\|")
                .contains("Example stream spec (agrawal, width 1, seed 1)");
        assertThat(Files.readString(md)).isEqualTo(o.out());
    }

    @Test
    void badArgumentsExitWithStatus2AndAMessage() {
        Outcome o = run("--detectors", "cusum");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("error: unknown drift detector type 'cusum'");
        Outcome c = run("--classifier", "svm");
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.err()).contains("error: --classifier must be one of [nb, ht], got 'svm'");
    }
}
