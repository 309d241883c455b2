package io.protoflow.stream.mapping;

import io.protoflow.core.index.IndexedDocument;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.BadRecordException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Validates {@link Document} and {@link IndexUpdate} records and maps index updates to the core
 * {@link IndexedDocument}. The same checks run in the document job (before encoding) and in the
 * search service (before indexing), so a bad record is rejected with the same reason wherever it
 * enters.
 */
public final class DocumentMapper {

    /** Error class for text that is empty or was not valid UTF-8 at its source. */
    public static final String INVALID_TEXT = "INVALID_TEXT";

    /** Default limit on title plus text: 1 MiB of UTF-8. */
    public static final int DEFAULT_MAX_TEXT_BYTES = 1 << 20;

    private DocumentMapper() {}

    /**
     * Checks a document: an id, and for an upsert non-empty, well-formed text within the limit.
     *
     * @throws BadRecordException naming the offending field and value
     */
    public static void validate(Document doc, int maxTextBytes) {
        validate(doc.getId(), doc.getOp(), doc.getTitle(), doc.getText(), maxTextBytes);
    }

    /**
     * Checks an index update as {@link #validate(Document, int)} does, and that its vector, when
     * present, has the index's dimension and finite values.
     *
     * @throws BadRecordException naming the offending field and value
     */
    public static void validate(IndexUpdate update, int maxTextBytes, int dimension) {
        validate(update.getId(), update.getOp(), update.getTitle(), update.getText(), maxTextBytes);
        List<Float> vector = update.getVector();
        if (update.getOp() == DocumentOp.DELETE || vector == null) {
            return;
        }
        if (vector.size() != dimension) {
            throw new BadRecordException(
                    ExampleMapper.DIMENSION_MISMATCH,
                    "document '"
                            + update.getId()
                            + "': vector has dimension "
                            + vector.size()
                            + ", index expects "
                            + dimension);
        }
        for (int i = 0; i < vector.size(); i++) {
            Float v = vector.get(i);
            if (v == null || !Float.isFinite(v)) {
                throw new BadRecordException(
                        ExampleMapper.NON_FINITE,
                        "document '" + update.getId() + "': vector[" + i + "] is " + v);
            }
        }
    }

    private static void validate(
            String id, DocumentOp op, String title, String text, int maxTextBytes) {
        if (id == null || id.isBlank()) {
            throw new BadRecordException(
                    ExampleMapper.MISSING_ID, "document id is missing or blank");
        }
        if (op == DocumentOp.DELETE) {
            return;
        }
        if (text == null || text.isBlank()) {
            throw new BadRecordException(
                    INVALID_TEXT, "document '" + id + "': empty text (got " + quoted(text) + ")");
        }
        // Avro decodes malformed UTF-8 to U+FFFD, so a replacement character marks bytes that were
        // not UTF-8 where the document came from.
        int bad = indexOfReplacement(text);
        if (bad < 0 && title != null) {
            bad = indexOfReplacement(title);
        }
        if (bad >= 0) {
            throw new BadRecordException(
                    INVALID_TEXT,
                    "document '" + id + "': invalid UTF-8 (U+FFFD at char " + bad + ")");
        }
        long bytes = utf8Length(text) + (title == null ? 0 : utf8Length(title));
        if (bytes > maxTextBytes) {
            throw new BadRecordException(
                    ExampleMapper.OVERSIZED,
                    "document '"
                            + id
                            + "': title and text are "
                            + bytes
                            + " bytes of UTF-8, limit "
                            + maxTextBytes);
        }
    }

    /** The text to encode for a document: title and body on separate lines. */
    public static String encoderInput(String title, String text) {
        return title == null || title.isBlank() ? text : title + "\n" + text;
    }

    /** The core document of an upsert; its vector is null when the update carries none. */
    public static IndexedDocument toIndexed(IndexUpdate update) {
        float[] vector = null;
        if (update.getVector() != null) {
            vector = new float[update.getVector().size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = update.getVector().get(i);
            }
        }
        return new IndexedDocument(
                update.getId(),
                update.getTitle(),
                update.getText(),
                vector,
                update.getTopicId(),
                update.getFields());
    }

    private static int indexOfReplacement(String s) {
        return s.indexOf('\uFFFD');
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
