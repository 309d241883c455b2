package io.protoflow.stream.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.index.IndexedDocument;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.BadRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentMapperTest {

    private static Document doc(String id, DocumentOp op, String text) {
        return Document.newBuilder()
                .setId(id)
                .setOp(op)
                .setIndex("docs")
                .setTitle("Title")
                .setText(text)
                .setEventTime(Instant.ofEpochMilli(1))
                .build();
    }

    private static IndexUpdate update(String id, List<Float> vector) {
        return IndexUpdate.newBuilder()
                .setId(id)
                .setOp(DocumentOp.UPSERT)
                .setIndex("docs")
                .setTitle("T")
                .setText("body")
                .setFields(Map.of("lang", "en"))
                .setVector(vector)
                .setEncoderId("all-minilm-l6-v2-q")
                .setTopicId(3)
                .setSourceEventTime(Instant.ofEpochMilli(1))
                .setEncodedAt(Instant.ofEpochMilli(2))
                .build();
    }

    private static void rejected(Runnable check, String errorClass, String message) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(
                        BadRecordException.class,
                        e -> assertThat(e.errorClass()).isEqualTo(errorClass))
                .hasMessage(message);
    }

    @Test
    void badDocumentsAreRejectedWithClassAndReason() {
        rejected(
                () -> DocumentMapper.validate(doc(" ", DocumentOp.UPSERT, "x"), 100),
                "MISSING_ID",
                "document id is missing or blank");
        rejected(
                () -> DocumentMapper.validate(doc("d1", DocumentOp.UPSERT, "  "), 100),
                "INVALID_TEXT",
                "document 'd1': empty text (got '  ')");
        rejected(
                () -> DocumentMapper.validate(doc("d1", DocumentOp.UPSERT, null), 100),
                "INVALID_TEXT",
                "document 'd1': empty text (got null)");
        rejected(
                () -> DocumentMapper.validate(doc("d1", DocumentOp.UPSERT, "x".repeat(96)), 100),
                "OVERSIZED",
                "document 'd1': title and text are 101 bytes of UTF-8, limit 100");
        String malformed =
                new String(new byte[] {'a', (byte) 0xC3, (byte) 0x28, 'b'}, StandardCharsets.UTF_8);
        rejected(
                () -> DocumentMapper.validate(doc("d1", DocumentOp.UPSERT, malformed), 100),
                "INVALID_TEXT",
                "document 'd1': invalid UTF-8 (U+FFFD at char 1)");
    }

    @Test
    void deletesNeedOnlyAnId() {
        DocumentMapper.validate(doc("d1", DocumentOp.DELETE, null), 100);
        rejected(
                () -> DocumentMapper.validate(doc("", DocumentOp.DELETE, null), 100),
                "MISSING_ID",
                "document id is missing or blank");
    }

    @Test
    void indexUpdateVectorsMustMatchTheIndex() {
        rejected(
                () -> DocumentMapper.validate(update("d1", List.of(1f, 0f)), 100, 3),
                "DIMENSION_MISMATCH",
                "document 'd1': vector has dimension 2, index expects 3");
        rejected(
                () -> DocumentMapper.validate(update("d1", List.of(1f, Float.NaN)), 100, 2),
                "NON_FINITE",
                "document 'd1': vector[1] is NaN");
    }

    @Test
    void updateMapsToTheCoreDocument() {
        IndexedDocument d = DocumentMapper.toIndexed(update("d1", List.of(0.6f, 0.8f)));
        assertThat(d.id()).isEqualTo("d1");
        assertThat(d.vector()).containsExactly(0.6f, 0.8f);
        assertThat(d.topic()).isEqualTo(3);
        assertThat(d.fields()).containsEntry("lang", "en");
        assertThat(DocumentMapper.encoderInput("T", "body")).isEqualTo("T\nbody");
        assertThat(DocumentMapper.encoderInput(null, "body")).isEqualTo("body");
    }
}
