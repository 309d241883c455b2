package io.protoflow.flink.learner;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer for a live, mutable model-core object that model-core persists as
 * versioned bytes: state holds those bytes (readable by any later build that reads that format),
 * never Java-serialised objects. {@link #copy(Object)} is a deep copy through the bytes, which the
 * heap state backend's copy-on-write relies on when operators mutate the object in place.
 * Subclasses are stateless singletons that name the codec.
 */
public abstract class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The object's bytes in model-core's versioned format. */
    protected abstract byte[] encode(T value);

    /** The object rebuilt from {@link #encode} bytes. */
    protected abstract T decode(byte[] bytes);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : decode(encode(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView target) throws IOException {
        byte[] bytes = encode(value);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return decode(bytes);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
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
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
