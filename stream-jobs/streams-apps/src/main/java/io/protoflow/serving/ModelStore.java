package io.protoflow.serving;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The layout of the global snapshot store: the raw snapshot bytes of every held version under
 * {@code "s" + modelId + NUL + zero-padded version}, and each model's {@link VersionIndex} under
 * {@code "i" + modelId}. The first character keeps the two kinds of keys apart whatever a model id
 * contains, and the padding keeps versions in order.
 */
final class ModelStore {

    private ModelStore() {}

    static String snapshotKey(String modelId, long version) {
        return "s" + modelId + '\u0000' + String.format("%019d", version);
    }

    static String indexKey(String modelId) {
        return "i" + modelId;
    }

    static VersionIndex index(ReadOnlyKeyValueStore<String, byte[]> store, String modelId) {
        return VersionIndex.decode(store.get(indexKey(modelId)));
    }

    static byte[] snapshot(
            ReadOnlyKeyValueStore<String, byte[]> store, String modelId, long version) {
        return store.get(snapshotKey(modelId, version));
    }

    static void putIndex(KeyValueStore<String, byte[]> store, String modelId, VersionIndex index) {
        if (index.isEmpty()) {
            store.delete(indexKey(modelId));
        } else {
            store.put(indexKey(modelId), index.encode());
        }
    }
}
