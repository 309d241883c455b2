package io.protoflow.flink.documents;

import io.protoflow.core.index.TopicPrototypes;
import io.protoflow.core.index.TopicStateCodec;
import io.protoflow.flink.learner.CodecSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink state serializer for live {@link TopicPrototypes}, written in model-core's versioned {@link
 * TopicStateCodec} format, so checkpoints and savepoints hold snapshot values.
 */
public final class TopicPrototypesSerializer extends CodecSerializer<TopicPrototypes> {
    private static final long serialVersionUID = 1L;

    /** The stateless singleton. */
    public static final TopicPrototypesSerializer INSTANCE = new TopicPrototypesSerializer();

    @Override
    protected byte[] encode(TopicPrototypes prototypes) {
        return TopicStateCodec.encode(prototypes.snapshot());
    }

    @Override
    protected TopicPrototypes decode(byte[] bytes) {
        return TopicPrototypes.restore(TopicStateCodec.decode(bytes));
    }

    @Override
    public TypeSerializerSnapshot<TopicPrototypes> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the payload format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TopicPrototypes> {
        /** Used by Flink when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
