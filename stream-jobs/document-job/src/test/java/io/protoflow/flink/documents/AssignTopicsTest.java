package io.protoflow.flink.documents;

import static io.protoflow.flink.documents.TestDocuments.delete;
import static io.protoflow.flink.documents.TestDocuments.sourced;
import static io.protoflow.flink.documents.TestDocuments.tombstone;
import static io.protoflow.flink.documents.TestDocuments.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.index.TopicConfig;
import io.protoflow.flink.learner.OutputTags;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.Topics;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AssignTopicsTest {

    private static final int DIM = 4;

    /** A harness not yet set up, so a test can restore it from a snapshot first. */
    private static KeyedOneInputStreamOperatorTestHarness<
                    String, EncodedDocument, IndexUpdateRecord>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new AssignTopics("job", new TopicConfig(0.8, 8), "enc", DIM, 1000)),
                EncodedDocument::collection,
                Types.STRING);
    }

    private static EncodedDocument encoded(long offset, String id, String index, float... v) {
        return EncodedDocument.encoded(
                sourced(offset, upsert(id, index, "T " + id, "text " + id)), v);
    }

    private static IndexUpdate decode(IndexUpdateRecord r) {
        return Topics.INDEX_UPDATES.codec().decode(r.value);
    }

    @Test
    void upsertsGetVectorAndTopicPerCollectionAndTopicsSurviveARestore() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.open();
            h.processElement(encoded(0, "a1", "docs", 1, 0, 0, 0), 0);
            h.processElement(encoded(1, "b1", "docs", 0, 1, 0, 0), 0);
            h.processElement(encoded(2, "a2", "docs", 0.9f, 0.1f, 0, 0), 0);
            // another collection has its own prototypes: its first document opens its topic 0
            h.processElement(encoded(3, "n1", "notes", 0, 1, 0, 0), 0);
            checkpoint = h.snapshot(1, 10);
            List<IndexUpdate> out =
                    h.extractOutputValues().stream().map(AssignTopicsTest::decode).toList();
            assertThat(out).extracting(IndexUpdate::getId).containsExactly("a1", "b1", "a2", "n1");
            assertThat(out).extracting(IndexUpdate::getTopicId).containsExactly(0, 1, 0, 0);
            IndexUpdate a1 = out.get(0);
            assertThat(a1.getOp()).isEqualTo(DocumentOp.UPSERT);
            assertThat(a1.getVector()).containsExactly(1f, 0f, 0f, 0f);
            assertThat(a1.getEncoderId()).isEqualTo("enc");
            assertThat(a1.getIndex()).isEqualTo("docs");
            assertThat(a1.getTitle()).isEqualTo("T a1");
            assertThat(a1.getText()).isEqualTo("text a1");
            assertThat(a1.getFields()).containsEntry("source", "test");
            assertThat(a1.getSourceEventTime().toEpochMilli()).isEqualTo(1_002);
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.key)
                    .containsExactly("a1", "b1", "a2", "n1");
        }
        try (var restored = harness()) {
            restored.setup();
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement(encoded(4, "b2", "docs", 0.1f, 0.9f, 0, 0), 0);
            restored.processElement(encoded(5, "c1", "docs", 0, 0, 1, 0), 0);
            assertThat(
                            restored.extractOutputValues().stream()
                                    .map(AssignTopicsTest::decode)
                                    .toList())
                    .extracting(IndexUpdate::getTopicId)
                    .containsExactly(1, 2);
        }
    }

    @Test
    void deleteBecomesDeleteUpdateAndTombstoneAndTombstoneStaysTombstone() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(EncodedDocument.deletion(sourced(0, delete("d1", "docs"))), 0);
            h.processElement(EncodedDocument.deletion(tombstone(1, "d2")), 0);
            List<IndexUpdateRecord> out = h.extractOutputValues();
            assertThat(out).extracting(r -> r.key).containsExactly("d1", "d1", "d2");
            IndexUpdate delete = decode(out.get(0));
            assertThat(delete.getOp()).isEqualTo(DocumentOp.DELETE);
            assertThat(delete.getIndex()).isEqualTo("docs");
            assertThat(delete.getVector()).isNull();
            assertThat(delete.getText()).isNull();
            assertThat(out.get(1).value).isNull();
            assertThat(out.get(2).value).isNull();
        }
    }

    @Test
    void unusableVectorsAndEncoderFailuresBecomeDeadLettersWithTheirReason() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(encoded(0, "short", "docs", 1, 0, 0), 0);
            h.processElement(encoded(1, "nan", "docs", 1, Float.NaN, 0, 0), 0);
            h.processElement(encoded(2, "zero", "docs", 0, 0, 0, 0), 0);
            h.processElement(
                    EncodedDocument.failed(
                            sourced(3, upsert("boom", "docs", null, "boom")),
                            DeadLetters.INTERNAL,
                            "encoder fake failed"),
                    0);
            h.processElement(encoded(4, "ok", "docs", 0, 0, 0, 1), 0);

            assertThat(h.extractOutputValues()).extracting(r -> r.key).containsExactly("ok");
            List<DeadLetter> dead =
                    h.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .extracting(DeadLetter::getErrorClass)
                    .containsExactly(
                            ExampleMapper.DIMENSION_MISMATCH,
                            ExampleMapper.NON_FINITE,
                            ExampleMapper.MISSING_FEATURES,
                            DeadLetters.INTERNAL);
            assertThat(dead)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(
                            "document 'short': vector has dimension 3, index expects 4",
                            "document 'nan': vector[1] is NaN",
                            "document 'zero': encoder enc returned a zero vector",
                            "encoder fake failed");
            assertThat(dead)
                    .extracting(DeadLetter::getSourceOffset)
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(dead)
                    .allSatisfy(d -> assertThat(d.getStage()).isEqualTo(AssignTopics.STAGE));
            // the dead letter carries the document, decodable, so it can be fixed and replayed
            assertThat(Topics.DOCUMENTS.codec().decode(dead.get(0).getValue().array()).getId())
                    .isEqualTo("short");
        }
    }
}
