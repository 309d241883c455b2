package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.SnapshotCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink state serializer for a live {@link Learner}, written in model-core's versioned snapshot
 * format ({@link SnapshotCodec}), so checkpoints and savepoints hold snapshot values.
 */
public final class LearnerSerializer extends CodecSerializer<Learner> {
    private static final long serialVersionUID = 1L;

    /** The stateless singleton. */
    public static final LearnerSerializer INSTANCE = new LearnerSerializer();

    @Override
    protected byte[] encode(Learner learner) {
        return SnapshotCodec.encodeLearnerState(learner.snapshot());
    }

    @Override
    protected Learner decode(byte[] bytes) {
        return Learners.restore(SnapshotCodec.decodeLearnerState(bytes));
    }

    @Override
    public TypeSerializerSnapshot<Learner> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the payload format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Learner> {
        /** Used by Flink when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
