package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.SnapshotCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer for a live {@link Learner}, written in model-core's versioned snapshot
 * format, so checkpoints and savepoints hold snapshot values (readable by any later build that
 * reads that format), never Java-serialised objects.
 *
 * <p>{@link #copy(Learner)} is a deep copy: the heap state backend relies on it for copy-on-write
 * during asynchronous snapshots, which is what makes mutating the learner in place safe.
 */
public final class LearnerSerializer extends TypeSerializer<Learner> {
    private static final long serialVersionUID = 1L;

    /** The stateless singleton. */
    public static final LearnerSerializer INSTANCE = new LearnerSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Learner> duplicate() {
        return this;
    }

    @Override
    public Learner createInstance() {
        return null;
    }

    @Override
    public Learner copy(Learner from) {
        return from == null ? null : Learners.restore(from.snapshot());
    }

    @Override
    public Learner copy(Learner from, Learner reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Learner learner, DataOutputView target) throws IOException {
        byte[] bytes = SnapshotCodec.encodeLearnerState(learner.snapshot());
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public Learner deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return Learners.restore(SnapshotCodec.decodeLearnerState(bytes));
    }

    @Override
    public Learner deserialize(Learner reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LearnerSerializer;
    }

    @Override
    public int hashCode() {
        return LearnerSerializer.class.hashCode();
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
