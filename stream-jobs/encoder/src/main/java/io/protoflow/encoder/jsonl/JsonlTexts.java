package io.protoflow.encoder.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.encoder.TextEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.zip.GZIPInputStream;

/**
 * The labelled texts of a JSON-lines file (one JSON object per line), and the lines that are not.
 * Reading never stops at a bad line: invalid JSON or UTF-8, a missing, empty or mistyped text,
 * label or time field each become a {@link BadLine} naming the line and field, and the caller
 * decides whether to fail ({@link #requireNoBadLines}) or to route them to dead letters. Blank
 * lines are skipped. With a time field the texts are in time order, ties in file order.
 *
 * @param name the file name without {@code .gz} and {@code .jsonl}/{@code .ndjson}/{@code .json},
 *     used as dataset name and id prefix
 * @param fields where text, label and time are
 * @param texts the good lines, in stream order (copied)
 * @param badLines the bad lines, in file order (copied)
 */
public record JsonlTexts(
        String name, TextFields fields, List<LabelledText> texts, List<BadLine> badLines) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public JsonlTexts {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        }
        if (fields == null) {
            throw new IllegalArgumentException("fields must not be null");
        }
        texts = List.copyOf(texts);
        badLines = List.copyOf(badLines);
    }

    /**
     * Reads a JSON-lines file, gzip-compressed when its name ends in {@code .gz}.
     *
     * @throws DatasetNotFoundException if the file does not exist
     * @throws UncheckedIOException if it cannot be read
     */
    public static JsonlTexts read(Path file, TextFields fields) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetNotFoundException(
                    file, "JSON-lines file not found: " + file.toAbsolutePath());
        }
        String fileName = file.getFileName().toString();
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content =
                    fileName.endsWith(".gz")
                            ? new GZIPInputStream(in).readAllBytes()
                            : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(baseName(fileName), content, fields);
    }

    /** Parses the content of a JSON-lines file; {@code name} prefixes the ids. */
    public static JsonlTexts parse(String name, byte[] content, TextFields fields) {
        List<LabelledText> texts = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>();
        int start = 0;
        int line = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > start && content[end - 1] == '\r' ? end - 1 : end;
            byte[] raw = Arrays.copyOfRange(content, start, stop);
            start = end + 1;
            Object parsed = parseLine(name, line, raw, fields);
            if (parsed instanceof LabelledText t) {
                texts.add(t);
            } else if (parsed instanceof BadLine b) {
                bad.add(b);
            }
        }
        if (fields.hasTime()) {
            // List.sort is stable: equal times keep their file order.
            texts.sort(Comparator.comparing(LabelledText::time));
        }
        return new JsonlTexts(name, fields, texts, bad);
    }

    /** A labelled text, a bad line, or null for a blank line. */
    private static Object parseLine(String name, int line, byte[] raw, TextFields fields) {
        String s;
        try {
            s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(raw))
                            .toString();
        } catch (CharacterCodingException e) {
            return new BadLine(
                    line, null, BadLine.INVALID_TEXT, "line " + line + ": not valid UTF-8", raw);
        }
        if (line == 1 && s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        if (s.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return new BadLine(
                    line,
                    null,
                    BadLine.UNDECODABLE,
                    "line " + line + ": not valid JSON (" + e.getOriginalMessage() + ")",
                    raw);
        }
        if (!node.isObject()) {
            return new BadLine(
                    line,
                    null,
                    BadLine.UNDECODABLE,
                    "line " + line + ": not a JSON object (got " + kind(node) + ")",
                    raw);
        }

        JsonNode text = field(node, fields.text());
        String textProblem =
                text == null
                        ? "missing"
                        : !text.isTextual()
                                ? "is " + kind(text) + ", not a string"
                                : text.asText().isBlank() ? "is empty" : null;
        if (textProblem != null) {
            return bad(line, fields.text(), "text", textProblem, BadLine.INVALID_TEXT, raw);
        }

        JsonNode label = field(node, fields.label());
        String labelProblem =
                label == null
                        ? "missing"
                        : label.isContainerNode()
                                ? "is " + kind(label) + ", not a string, number or boolean"
                                : label.asText().isBlank() ? "is empty" : null;
        if (labelProblem != null) {
            return bad(line, fields.label(), "label", labelProblem, BadLine.INVALID_LABEL, raw);
        }

        Instant time = null;
        if (fields.hasTime()) {
            JsonNode t = field(node, fields.time());
            if (t == null) {
                return bad(line, fields.time(), "time", "missing", BadLine.INVALID_TIME, raw);
            }
            time = time(t);
            if (time == null) {
                return bad(
                        line,
                        fields.time(),
                        "time",
                        "is "
                                + (t.isTextual() ? "'" + t.asText() + "'" : t.toString())
                                + ", not whole epoch milliseconds or an ISO-8601 date or time",
                        BadLine.INVALID_TIME,
                        raw);
            }
        }
        return new LabelledText(
                name + ":" + line, line, text.asText(), label.asText().strip(), time);
    }

    /**
     * The first bad line as an exception, for commands that accept only clean files.
     *
     * @param source how the caller names the file, e.g. {@code --dataset jsonl:data.jsonl}
     * @throws IllegalArgumentException naming the first bad line, its field and the count of
     *     others; also when no line is good
     */
    public JsonlTexts requireNoBadLines(String source) {
        if (!badLines.isEmpty()) {
            int more = badLines.size() - 1;
            throw new IllegalArgumentException(
                    source
                            + " "
                            + badLines.get(0).reason()
                            + (more == 0 ? "" : " (and " + more + " more bad lines)"));
        }
        requireSomeText(source);
        return this;
    }

    /**
     * Fails when the file has no good line at all.
     *
     * @throws IllegalArgumentException naming the source and the first bad line, if any
     */
    public JsonlTexts requireSomeText(String source) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(
                    source
                            + " has no labelled text"
                            + (badLines.isEmpty()
                                    ? " (the file is empty)"
                                    : " ("
                                            + badLines.size()
                                            + " bad lines, the first: "
                                            + badLines.get(0).reason()
                                            + ")"));
        }
        return this;
    }

    /** The distinct labels in order of first appearance in the stream. */
    public List<String> labelsInStreamOrder() {
        return texts.stream().map(LabelledText::label).distinct().toList();
    }

    /**
     * Encodes every text into a dataset of the same order, ids and labels. Texts are batched by
     * length (similar lengths pad less), which changes neither the result's order nor, beyond the
     * encoder's own batch tolerance, the vectors.
     *
     * @param encoder the sentence encoder
     * @param batchSize texts per encoder call, >= 1
     * @param progress told the number of texts encoded so far after each batch
     * @throws IllegalArgumentException if there is no text
     */
    public Dataset encode(TextEncoder encoder, int batchSize, IntConsumer progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        requireSomeText(name);
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).text().length()));
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(from + batchSize, order.length);
            List<String> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(texts.get(order[k]).text());
            }
            float[][] encoded = encoder.encode(batch);
            for (int k = from; k < to; k++) {
                vectors[order[k]] = encoded[k - from];
            }
            progress.accept(to);
        }
        List<LabelledVector> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < vectors.length; i++) {
            LabelledText t = texts.get(i);
            rows.add(new LabelledVector(t.id(), vectors[i], t.label()));
        }
        return new Dataset(name, encoder.dimension(), rows);
    }

    private static BadLine bad(
            int line, String field, String role, String problem, String errorClass, byte[] raw) {
        String reason = "line " + line + ": " + role + " field '" + field + "' " + problem;
        if (problem.equals("missing")) {
            reason = "line " + line + ": missing " + role + " field '" + field + "'";
        }
        return new BadLine(line, field, errorClass, reason, raw);
    }

    /** The field's value, or null when it is absent or JSON null. */
    private static JsonNode field(JsonNode object, String field) {
        JsonNode v = field.startsWith("/") ? object.at(field) : object.get(field);
        return v == null || v.isMissingNode() || v.isNull() ? null : v;
    }

    /** Epoch milliseconds, or an ISO-8601 instant, offset or local date-time (UTC), or date. */
    static Instant time(JsonNode t) {
        if (t.isIntegralNumber() && t.canConvertToLong()) {
            return Instant.ofEpochMilli(t.asLong());
        }
        if (!t.isTextual()) {
            return null;
        }
        String s = t.asText().strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try the next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String baseName(String fileName) {
        String n =
                fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        for (String ext : List.of(".jsonl", ".ndjson", ".json")) {
            if (n.endsWith(ext) && n.length() > ext.length()) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n.isBlank() ? "texts" : n;
    }
}
