package io.protoflow.encoder.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.encoder.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTextsTest {

    private static final TextFields FIELDS = TextFields.of("text", "label");

    private static JsonlTexts parse(String content, TextFields fields) {
        return JsonlTexts.parse("t", content.getBytes(StandardCharsets.UTF_8), fields);
    }

    @Test
    void goodLinesBecomeLabelledTextsWithLineIdsAndScalarLabels() {
        JsonlTexts t =
                parse(
                        """
                        {"text": "a rocket launch", "label": "space", "extra": [1, 2]}

                        {"label": 3, "text": "three"}\r
                        {"text": "yes", "label": true}
                        """,
                        FIELDS);
        assertThat(t.badLines()).isEmpty();
        assertThat(t.texts())
                .containsExactly(
                        new LabelledText("t:1", 1, "a rocket launch", "space", null),
                        new LabelledText("t:3", 3, "three", "3", null),
                        new LabelledText("t:4", 4, "yes", "true", null));
    }

    @Test
    void everyKindOfBadLineIsKeptWithLineFieldAndErrorClass() {
        String content =
                String.join(
                        "\n",
                        "{\"text\": \"fine\", \"label\": \"a\"}",
                        "{\"text\": \"unterminated\", \"label\": ",
                        "[\"an\", \"array\"]",
                        "{\"label\": \"a\"}",
                        "{\"text\": \"   \", \"label\": \"a\"}",
                        "{\"text\": 42, \"label\": \"a\"}",
                        "{\"text\": \"no label\"}",
                        "{\"text\": \"null label\", \"label\": null}",
                        "{\"text\": \"blank label\", \"label\": \" \"}",
                        "{\"text\": \"object label\", \"label\": {\"x\": 1}}",
                        "{\"text\": \"two\", \"label\": \"a\"} {\"text\": \"objects\"}");
        JsonlTexts t = parse(content, FIELDS);
        assertThat(t.texts()).extracting(LabelledText::line).containsExactly(1);
        assertThat(t.badLines())
                .extracting(BadLine::line, BadLine::field, BadLine::errorClass)
                .containsExactly(
                        tuple(2, null, BadLine.UNDECODABLE),
                        tuple(3, null, BadLine.UNDECODABLE),
                        tuple(4, "text", BadLine.INVALID_TEXT),
                        tuple(5, "text", BadLine.INVALID_TEXT),
                        tuple(6, "text", BadLine.INVALID_TEXT),
                        tuple(7, "label", BadLine.INVALID_LABEL),
                        tuple(8, "label", BadLine.INVALID_LABEL),
                        tuple(9, "label", BadLine.INVALID_LABEL),
                        tuple(10, "label", BadLine.INVALID_LABEL),
                        tuple(11, null, BadLine.UNDECODABLE));
        assertThat(t.badLines())
                .extracting(BadLine::reason)
                .contains(
                        "line 3: not a JSON object (got array)",
                        "line 4: missing text field 'text'",
                        "line 5: text field 'text' is empty",
                        "line 6: text field 'text' is number, not a string",
                        "line 7: missing label field 'label'",
                        "line 8: missing label field 'label'",
                        "line 9: label field 'label' is empty",
                        "line 10: label field 'label' is object, not a string, number or boolean");
        assertThat(t.badLines().get(0).reason()).startsWith("line 2: not valid JSON (");
        assertThat(new String(t.badLines().get(2).raw(), StandardCharsets.UTF_8))
                .isEqualTo("{\"label\": \"a\"}");
    }

    @Test
    void invalidUtf8IsABadTextLineKeepingTheRawBytes() {
        byte[] good = "{\"text\": \"ok\", \"label\": \"a\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}'};
        byte[] content = new byte[good.length + bad.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        JsonlTexts t = JsonlTexts.parse("u", content, FIELDS);
        assertThat(t.texts()).hasSize(1);
        assertThat(t.badLines())
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.reason()).isEqualTo("line 2: not valid UTF-8");
                            assertThat(b.errorClass()).isEqualTo(BadLine.INVALID_TEXT);
                            assertThat(b.raw()).isEqualTo(bad);
                        });
    }

    @Test
    void timeFieldOrdersTheStreamKeepingFileOrderForTies() {
        JsonlTexts t =
                parse(
                        """
                        {"text": "third", "label": "a", "ts": "2024-01-03"}
                        {"text": "first", "label": "b", "ts": 1704067200000}
                        {"text": "tie one", "label": "a", "ts": "2024-01-02T00:00:00Z"}
                        {"text": "tie two", "label": "b", "ts": "2024-01-02T01:00:00+01:00"}
                        {"text": "tie three", "label": "c", "ts": "2024-01-02T00:00:00"}
                        """,
                        new TextFields("text", "label", "ts"));
        assertThat(t.badLines()).isEmpty();
        assertThat(t.texts())
                .extracting(LabelledText::text)
                .containsExactly("first", "tie one", "tie two", "tie three", "third");
        assertThat(t.texts().get(0).time()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(t.labelsInStreamOrder()).containsExactly("b", "a", "c");
    }

    @Test
    void missingOrUnreadableTimeIsABadTimeLine() {
        JsonlTexts t =
                parse(
                        """
                        {"text": "no time", "label": "a"}
                        {"text": "fraction", "label": "a", "ts": 1.5}
                        {"text": "words", "label": "a", "ts": "last tuesday"}
                        """,
                        new TextFields("text", "label", "ts"));
        assertThat(t.texts()).isEmpty();
        assertThat(t.badLines())
                .extracting(BadLine::reason)
                .containsExactly(
                        "line 1: missing time field 'ts'",
                        "line 2: time field 'ts' is 1.5, not whole epoch milliseconds or an"
                                + " ISO-8601 date or time",
                        "line 3: time field 'ts' is 'last tuesday', not whole epoch milliseconds"
                                + " or an ISO-8601 date or time");
        assertThat(t.badLines()).allMatch(b -> b.errorClass().equals(BadLine.INVALID_TIME));
    }

    @Test
    void jsonPointerFieldsReachIntoNestedObjects() {
        JsonlTexts t =
                parse(
                        "{\"body\": {\"en\": \"hello\"}, \"meta\": {\"topic\": \"greeting\"}}",
                        TextFields.of("/body/en", "/meta/topic"));
        assertThat(t.texts()).singleElement().extracting(LabelledText::label).isEqualTo("greeting");
    }

    @Test
    void requireNoBadLinesNamesTheFirstBadLineAndCountsTheOthers() {
        JsonlTexts t =
                parse(
                        """
                        {"text": "ok", "label": "a"}
                        {"text": "ok", "topic": "a"}
                        not json
                        """,
                        FIELDS);
        assertThatThrownBy(() -> t.requireNoBadLines("--dataset jsonl:t.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--dataset jsonl:t.jsonl line 2: missing label field 'label'"
                                + " (and 1 more bad lines)");
        assertThatThrownBy(() -> parse("\n\n", FIELDS).requireNoBadLines("x.jsonl"))
                .hasMessage("x.jsonl has no labelled text (the file is empty)");
    }

    @Test
    void readsGzipFilesAndNamesTheDatasetAfterTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("news.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"text\": \"hi\", \"label\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        JsonlTexts t = JsonlTexts.read(file, FIELDS);
        assertThat(t.name()).isEqualTo("news");
        assertThat(t.texts()).extracting(LabelledText::id).containsExactly("news:1");
        assertThatThrownBy(() -> JsonlTexts.read(dir.resolve("none.jsonl"), FIELDS))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("JSON-lines file not found")
                .hasMessageContaining("none.jsonl");
    }

    @Test
    void encodeBatchesByLengthButKeepsStreamOrderIdsAndLabels() {
        JsonlTexts t =
                parse(
                        """
                        {"text": "a much longer text than the others", "label": "x"}
                        {"text": "short", "label": "y"}
                        {"text": "medium text", "label": "x"}
                        """,
                        FIELDS);
        LengthEncoder encoder = new LengthEncoder();
        List<Integer> progress = new ArrayList<>();
        Dataset ds = t.encode(encoder, 2, progress::add);
        assertThat(ds.name()).isEqualTo("t");
        assertThat(ds.dimension()).isEqualTo(2);
        assertThat(ds.rows())
                .extracting(LabelledVector::id, LabelledVector::label, r -> r.feature(0))
                .containsExactly(
                        tuple("t:1", "x", 34f), tuple("t:2", "y", 5f), tuple("t:3", "x", 11f));
        // shortest two first, then the long one
        assertThat(encoder.batches)
                .containsExactly(
                        List.of("short", "medium text"),
                        List.of("a much longer text than the others"));
        assertThat(progress).containsExactly(2, 3);
    }

    @Test
    void sharedFixtureHasThirtyTextsPerTopicAndInterleavesThemByTime() throws IOException {
        byte[] content;
        try (InputStream in = getClass().getResourceAsStream("/jsonl/topics.jsonl")) {
            content = in.readAllBytes();
        }
        JsonlTexts byFile =
                JsonlTexts.parse("topics", content, TextFields.of("text", "topic"))
                        .requireNoBadLines("topics.jsonl");
        assertThat(byFile.texts()).hasSize(90);
        assertThat(byFile.labelsInStreamOrder()).containsExactly("space", "cooking", "football");
        JsonlTexts byTime =
                JsonlTexts.parse("topics", content, new TextFields("text", "topic", "time"));
        assertThat(byTime.texts().subList(0, 10))
                .extracting(LabelledText::label)
                .contains("space", "cooking", "football");
    }

    @Test
    void fieldsMustBeNamedAndDistinct() {
        assertThatThrownBy(() -> TextFields.of("text", " "))
                .hasMessage("label field must not be blank, got ' '");
        assertThatThrownBy(() -> new TextFields("a", "b", "a"))
                .hasMessage(
                        "text, label and time fields must differ, got text 'a', label 'b',"
                                + " time 'a'");
    }

    /** Encodes a text as (length, 1): deterministic, and shows which texts shared a batch. */
    private static final class LengthEncoder implements TextEncoder {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        public float[][] encode(List<String> texts) {
            batches.add(List.copyOf(texts));
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[] {texts.get(i).length(), 1};
            }
            return out;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String id() {
            return "length";
        }

        @Override
        public void close() {}
    }
}
