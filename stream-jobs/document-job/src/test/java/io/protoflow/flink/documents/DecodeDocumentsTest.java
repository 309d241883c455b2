package io.protoflow.flink.documents;

import static io.protoflow.flink.documents.TestDocuments.bytes;
import static io.protoflow.flink.documents.TestDocuments.raw;
import static io.protoflow.flink.documents.TestDocuments.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.flink.learner.OutputTags;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.mapping.ExampleMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeDocumentsTest {

    /** The encoded document with one byte of its text replaced by an invalid UTF-8 byte. */
    static byte[] withInvalidUtf8(String id) {
        byte[] b = bytes(upsert(id, "docs", null, "valid text then X and more"));
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("then X") + 5;
        b[at] = (byte) 0xFF;
        return b;
    }

    @Test
    void documentsAndTombstonesPassAndBadRecordsBecomeDeadLetters() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, SourcedDocument> h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodeDocuments("job", 4096, 100))) {
            h.processElement(raw(0, "a", bytes(upsert("a", "docs", "A", "some text"))), 0);
            h.processElement(raw(1, "gone", null), 0);
            h.processElement(raw(2, null, null), 0);
            h.processElement(raw(3, "u", withInvalidUtf8("u")), 0);
            h.processElement(raw(4, "big", bytes(upsert("big", "docs", null, "x".repeat(101)))), 0);
            h.processElement(raw(5, "e", bytes(upsert("e", "docs", null, ""))), 0);

            List<SourcedDocument> out = h.extractOutputValues();
            assertThat(out).extracting(SourcedDocument::documentId).containsExactly("a", "gone");
            assertThat(out.get(0).isDeletion()).isFalse();
            assertThat(out.get(1).isDeletion()).isTrue();
            assertThat(out.get(1).collection()).isEmpty();
            List<DeadLetter> dead =
                    h.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .extracting(DeadLetter::getErrorClass)
                    .containsExactly(
                            ExampleMapper.MISSING_ID,
                            DocumentMapper.INVALID_TEXT,
                            ExampleMapper.OVERSIZED,
                            DocumentMapper.INVALID_TEXT);
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(
                            "tombstone without a document id key",
                            "document 'u': invalid UTF-8 (U+FFFD at char 16)",
                            "document 'big': title and text are 101 bytes of UTF-8, limit 100",
                            "document 'e': empty text (got '')");
            assertThat(dead)
                    .allSatisfy(d -> assertThat(d.getStage()).isEqualTo(DecodeDocuments.STAGE));
        }
    }
}
