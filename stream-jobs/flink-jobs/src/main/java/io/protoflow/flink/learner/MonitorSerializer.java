package io.protoflow.flink.learner;

import io.protoflow.core.monitor.ModelMonitor;
import io.protoflow.core.monitor.ModelMonitorCodec;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink state serializer for a live {@link ModelMonitor}, written in model-core's versioned monitor
 * format ({@link ModelMonitorCodec}).
 */
public final class MonitorSerializer extends CodecSerializer<ModelMonitor> {
    private static final long serialVersionUID = 1L;

    /** The stateless singleton. */
    public static final MonitorSerializer INSTANCE = new MonitorSerializer();

    @Override
    protected byte[] encode(ModelMonitor monitor) {
        return ModelMonitorCodec.encode(monitor);
    }

    @Override
    protected ModelMonitor decode(byte[] bytes) {
        return ModelMonitorCodec.decode(bytes);
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
