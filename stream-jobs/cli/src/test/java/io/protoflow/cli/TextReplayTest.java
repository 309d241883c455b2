package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.data.Stage;
import io.protoflow.encoder.TextEncoder;
import io.protoflow.encoder.jsonl.BadLine;
import io.protoflow.encoder.jsonl.TextFields;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReplayTest {

    @TempDir Path dir;

    private final StringWriter printed = new StringWriter();

    private TextReplay load(String content, TextFields fields) throws Exception {
        Path file = dir.resolve("news.jsonl");
        Files.writeString(file, content);
        return TextReplay.load(file, fields, new PrintWriter(printed, true), FirstChar::new);
    }

    @Test
    void timeFieldGivesOneStageInTimeOrderWithEventTimesAndKeepsBadLines() throws Exception {
        TextReplay replay =
                load(
                        """
                        {"body": "b later", "topic": "b", "at": "2024-05-02T00:00:00Z"}
                        {"body": "a first", "topic": "a", "at": "2024-05-01T00:00:00Z"}
                        {"body": "", "topic": "a", "at": "2024-05-03T00:00:00Z"}
                        {"body": "c last", "topic": "c", "at": "2024-05-04T00:00:00Z"}
                        """,
                        new TextFields("body", "topic", "at"));
        Stage stage = replay.chronologicalStage();
        assertThat(stage.classes()).containsExactly("a", "b", "c");
        assertThat(stage.rows())
                .extracting(LabelledVector::id)
                .containsExactly("news:2", "news:1", "news:4");
        // the fake encoder's first component is the text's first character
        assertThat(stage.rows().get(0).feature(0)).isEqualTo('a');
        assertThat(replay.eventTimes())
                .containsEntry("news:2", Instant.parse("2024-05-01T00:00:00Z").toEpochMilli())
                .hasSize(3);
        assertThat(replay.badLines())
                .singleElement()
                .extracting(BadLine::reason)
                .isEqualTo("line 3: text field 'body' is empty");
        assertThat(replay.encoderId()).isEqualTo("first-char");
        assertThat(printed.toString())
                .contains("Texts: 3 labelled texts in " + dir.resolve("news.jsonl"))
                .contains("1 bad lines (they go to dead letters)")
                .contains("Texts: encoding with first-char ... done in");
    }

    @Test
    void withoutTimeFieldThereAreNoEventTimes() throws Exception {
        TextReplay replay =
                load("{\"text\": \"x\", \"label\": \"y\"}\n", TextFields.of("text", "label"));
        assertThat(replay.eventTimes()).isEmpty();
        assertThat(replay.dataset().rows()).hasSize(1);
    }

    @Test
    void fileWithoutAnyGoodLineFailsFastNamingTheFirstBadOne() {
        assertThatThrownBy(
                        () -> load("{\"text\": \"x\"}\nnot json\n", TextFields.of("text", "label")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dataset jsonl:")
                .hasMessageContaining(
                        "has no labelled text (2 bad lines, the first: line 1: missing label"
                                + " field 'label')");
    }

    /** Encodes a text as (first character, 1): deterministic and model-free. */
    private static final class FirstChar implements TextEncoder {
        @Override
        public float[][] encode(List<String> texts) {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[] {texts.get(i).charAt(0), 1};
            }
            return out;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String id() {
            return "first-char";
        }

        @Override
        public void close() {}
    }
}
