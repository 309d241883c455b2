package io.protoflow.flink.documents;

import static io.protoflow.flink.documents.TestDocuments.delete;
import static io.protoflow.flink.documents.TestDocuments.sourced;
import static io.protoflow.flink.documents.TestDocuments.tombstone;
import static io.protoflow.flink.documents.TestDocuments.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.stream.mapping.DeadLetters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The encoding stage in Flink's async operator, as the job runs it (ordered, capacity of two
 * batches). Batches fill within microseconds here while the batch wait is a second or more, so
 * which texts share a call is decided by the records, not by timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchingEncoderTest {

    private static final TypeSerializer<SourcedDocument> IN =
            TypeInformation.of(SourcedDocument.class).createSerializer(new SerializerConfigImpl());

    private static OneInputStreamOperatorTestHarness<SourcedDocument, EncodedDocument> harness(
            int batchSize, Duration maxWait) throws Exception {
        BatchingEncoder encoder =
                new BatchingEncoder(
                        new FakeEncoder.Factory(), batchSize, maxWait, Duration.ofMinutes(5));
        return new OneInputStreamOperatorTestHarness<>(
                new AsyncWaitOperatorFactory<>(
                        encoder,
                        Duration.ofMinutes(5).toMillis(),
                        2 * batchSize,
                        AsyncDataStream.OutputMode.ORDERED),
                IN);
    }

    private static String text(int i) {
        return "text number " + i;
    }

    @BeforeEach
    void clearBatches() {
        FakeEncoder.BATCHES.clear();
    }

    @Test
    void encodesFullBatchesAndKeepsInputOrderWithDeletionsInBetween() throws Exception {
        try (var h = harness(3, Duration.ofSeconds(1))) {
            h.open();
            h.processElement(sourced(0, upsert("a", "docs", null, text(0))), 0);
            h.processElement(sourced(1, upsert("b", "docs", "Title", text(1))), 0);
            h.processElement(sourced(2, delete("x", "docs")), 0);
            h.processElement(tombstone(3, "y"), 0);
            h.processElement(sourced(4, upsert("c", "docs", null, text(2))), 0);
            h.processElement(sourced(5, upsert("d", "docs", null, text(3))), 0);
            h.endInput();

            List<EncodedDocument> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(e -> e.source.documentId())
                    .containsExactly("a", "b", "x", "y", "c", "d");
            // a, b, c in one call; d alone, once it has waited a second for batch-mates
            assertThat(FakeEncoder.BATCHES).containsExactly(3, 1);
            assertThat(out.get(0).vector).containsExactly(FakeEncoder.vector(text(0)));
            // the encoder sees title and text on separate lines
            assertThat(out.get(1).vector).containsExactly(FakeEncoder.vector("Title\n" + text(1)));
            assertThat(out.get(2).vector).isNull();
            assertThat(out.get(3).vector).isNull();
            assertThat(out.get(5).vector).containsExactly(FakeEncoder.vector(text(3)));
        }
    }

    @Test
    void aFailingBatchIsRetriedTextByTextSoOnlyTheBadTextFails() throws Exception {
        try (var h = harness(3, Duration.ofHours(1))) {
            h.open();
            h.processElement(sourced(0, upsert("a", "docs", null, text(0))), 0);
            h.processElement(sourced(1, upsert("b", "docs", null, "boom")), 0);
            h.processElement(sourced(2, upsert("c", "docs", null, text(2))), 0);
            h.endInput();

            List<EncodedDocument> out = h.extractOutputValues();
            assertThat(FakeEncoder.BATCHES).containsExactly(3, 1, 1, 1);
            assertThat(out.get(0).vector).containsExactly(FakeEncoder.vector(text(0)));
            assertThat(out.get(1).vector).isNull();
            assertThat(out.get(1).errorClass).isEqualTo(DeadLetters.INTERNAL);
            assertThat(out.get(1).error)
                    .isEqualTo(
                            "encoder fake-test failed on this document:"
                                    + " java.lang.IllegalStateException: cannot encode 'boom'");
            assertThat(out.get(2).vector).containsExactly(FakeEncoder.vector(text(2)));
        }
    }

    @Test
    void bufferedDocumentsAreCheckpointedWithoutWaitingAndEncodedAfterRestore() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var first = harness(3, Duration.ofHours(1))) {
            first.open();
            first.processElement(sourced(0, upsert("a", "docs", null, text(0))), 0);
            first.processElement(sourced(1, upsert("b", "docs", null, text(1))), 0);
            // two documents wait for a third: the snapshot must not wait for their batch
            checkpoint = first.snapshot(1, 100);
            assertThat(FakeEncoder.BATCHES).isEmpty();
            assertThat(first.extractOutputValues()).isEmpty();
            // the failed attempt's batch is dropped with it; fill it so the harness can close
            first.processElement(sourced(2, upsert("z", "docs", null, "lost")), 0);
        }
        FakeEncoder.BATCHES.clear();

        try (var restored = harness(3, Duration.ofHours(1))) {
            restored.setup();
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement(sourced(2, upsert("c", "docs", null, text(2))), 0);
            restored.endInput();

            List<EncodedDocument> out = restored.extractOutputValues();
            assertThat(out).extracting(e -> e.source.documentId()).containsExactly("a", "b", "c");
            assertThat(out.get(0).source.offset).isZero();
            assertThat(out.get(0).source.document.getText()).isEqualTo(text(0));
            assertThat(out.get(1).vector).containsExactly(FakeEncoder.vector(text(1)));
            assertThat(FakeEncoder.BATCHES).containsExactly(3);
        }
    }
}
