package io.protoflow.flink.learner;

import io.protoflow.core.monitor.ModelMonitor;
import io.protoflow.core.monitor.ModelMonitorCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer for a live {@link ModelMonitor}, written in model-core's versioned monitor
 * format ({@link ModelMonitorCodec}), never as Java-serialised objects. {@link #copy(ModelMonitor)}
 * is a deep copy, as the heap state backend's copy-on-write needs.
 */
public final class MonitorSerializer extends TypeSerializer<ModelMonitor> {
    private static final long serialVersionUID = 1L;

    /** The stateless singleton. */
    public static final MonitorSerializer INSTANCE = new MonitorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ModelMonitor> duplicate() {
        return this;
    }

    @Override
    public ModelMonitor createInstance() {
        return null;
    }

    @Override
    public ModelMonitor copy(ModelMonitor from) {
        return from == null ? null : ModelMonitorCodec.decode(ModelMonitorCodec.encode(from));
    }

    @Override
    public ModelMonitor copy(ModelMonitor from, ModelMonitor reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ModelMonitor monitor, DataOutputView target) throws IOException {
        byte[] bytes = ModelMonitorCodec.encode(monitor);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public ModelMonitor deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return ModelMonitorCodec.decode(bytes);
    }

    @Override
    public ModelMonitor deserialize(ModelMonitor reuse, DataInputView source) throws IOException {
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
        return obj instanceof MonitorSerializer;
    }

    @Override
    public int hashCode() {
        return MonitorSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ModelMonitor> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the payload format carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ModelMonitor> {
        /** Used by Flink when restoring. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
