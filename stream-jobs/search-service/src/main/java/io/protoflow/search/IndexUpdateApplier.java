package io.protoflow.search;

import io.protoflow.core.index.DocumentIndex;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.mapping.ExampleMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies one record of the index-update topic to the index: an upsert adds or replaces the
 * document, a DELETE update or a tombstone (null value) removes it, and a record that cannot be
 * applied becomes a dead letter with its reason. Upserts and deletes by id are idempotent, so
 * applying a record twice (after a restart) leaves the index as applying it once.
 */
public final class IndexUpdateApplier {

    /** Name of this application in dead letters. */
    public static final String JOB = "search-service";

    private final DocumentIndex index;
    private final String indexName;
    private final int maxTextBytes;
    private final AvroCodec<IndexUpdate> codec = AvroCodec.of(IndexUpdate.class);

    /** An applier for the collection {@code indexName} of {@code index}. */
    public IndexUpdateApplier(DocumentIndex index, String indexName, int maxTextBytes) {
        this.index = index;
        this.indexName = indexName;
        this.maxTextBytes = maxTextBytes;
    }

    /** What became of one record. */
    public enum Outcome {
        UPSERTED,
        DELETED,
        /** The update is for another collection. */
        SKIPPED,
        REJECTED
    }

    /** The outcome, and the dead letter when the record was rejected. */
    public record Result(Outcome outcome, Optional<DeadLetter> deadLetter) {}

    /** Applies the record; never throws for bad input. */
    public Result apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null || record.key().isBlank()) {
                return rejected(
                        record,
                        new BadRecordException(
                                ExampleMapper.MISSING_ID, "tombstone without a document id key"));
            }
            index.delete(record.key());
            return new Result(Outcome.DELETED, Optional.empty());
        }
        IndexUpdate update;
        try {
            update = codec.decode(record.value());
            DocumentMapper.validate(update, maxTextBytes, index.config().dimension());
        } catch (BadRecordException e) {
            return rejected(record, e);
        }
        if (!indexName.equals(update.getIndex())) {
            return new Result(Outcome.SKIPPED, Optional.empty());
        }
        if (update.getOp() == DocumentOp.DELETE) {
            index.delete(update.getId());
            return new Result(Outcome.DELETED, Optional.empty());
        }
        try {
            index.upsert(DocumentMapper.toIndexed(update));
        } catch (IllegalArgumentException e) {
            // validated above, so only a vector of norm 0 gets here: it has no direction
            return rejected(
                    record,
                    new BadRecordException(
                            ExampleMapper.MISSING_FEATURES,
                            "document '" + update.getId() + "': " + e.getMessage()));
        }
        return new Result(Outcome.UPSERTED, Optional.empty());
    }

    private static Result rejected(ConsumerRecord<String, byte[]> record, BadRecordException e) {
        DeadLetter letter =
                DeadLetters.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                        record.value(),
                        e.errorClass(),
                        e.getMessage(),
                        "apply",
                        JOB,
                        null,
                        System.currentTimeMillis());
        return new Result(Outcome.REJECTED, Optional.of(letter));
    }
}
