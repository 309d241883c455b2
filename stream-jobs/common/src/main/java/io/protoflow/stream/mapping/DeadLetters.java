package io.protoflow.stream.mapping;

import io.protoflow.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records and their topic keys. */
public final class DeadLetters {

    /** Error class for failures that are bugs rather than bad input. */
    public static final String INTERNAL = "INTERNAL";

    private DeadLetters() {}

    /**
     * A dead letter for one source record.
     *
     * @param key the raw key bytes, or null
     * @param value the raw value bytes, or null
     * @param sourceTimestamp the source record's timestamp, or a negative value when unknown
     */
    public static DeadLetter of(
            String sourceTopic,
            int sourcePartition,
            long sourceOffset,
            long sourceTimestamp,
            byte[] key,
            byte[] value,
            String errorClass,
            String reason,
            String stage,
            String job,
            String modelId,
            long failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic)
                .setSourcePartition(sourcePartition)
                .setSourceOffset(sourceOffset)
                .setSourceTimestamp(
                        sourceTimestamp < 0 ? null : Instant.ofEpochMilli(sourceTimestamp))
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason == null ? errorClass : reason)
                .setErrorClass(errorClass)
                .setStage(stage)
                .setJob(job)
                .setModelId(modelId)
                .setFailedAt(Instant.ofEpochMilli(failedAt))
                .build();
    }

    /** The dead-letter topic key: where the record came from. */
    public static String key(DeadLetter deadLetter) {
        return deadLetter.getSourceTopic()
                + "/"
                + deadLetter.getSourcePartition()
                + "/"
                + deadLetter.getSourceOffset();
    }
}
