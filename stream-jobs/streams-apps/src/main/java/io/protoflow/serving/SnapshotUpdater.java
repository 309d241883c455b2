package io.protoflow.serving;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.serving.telemetry.SnapshotSummary;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global snapshot store (layout in {@link ModelStore}): every snapshot record is stored
 * under its model and version, and the model's version index is updated. Only the newest {@code
 * retainedVersions} versions of a model are kept, plus the version its standing PIN or ROLLBACK
 * names, so a pinned model stays servable however many snapshots follow. Undecodable records and
 * records whose key is not their model id are dropped and reported.
 */
final class SnapshotUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotUpdater.class);

    private final String storeName;
    private final String controlStoreName;
    private final int retainedVersions;
    private final ServingTelemetry telemetry;
    private final AvroCodec<ModelSnapshot> codec = AvroCodec.of(ModelSnapshot.class);
    private final AvroCodec<ModelControl> controlCodec = AvroCodec.of(ModelControl.class);
    private KeyValueStore<String, byte[]> store;
    private ReadOnlyKeyValueStore<String, byte[]> controls;

    SnapshotUpdater(
            String storeName,
            String controlStoreName,
            int retainedVersions,
            ServingTelemetry telemetry) {
        this.storeName = storeName;
        this.controlStoreName = controlStoreName;
        this.retainedVersions = retainedVersions;
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        controls = context.getStateStore(controlStoreName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            // The topic is not compacted: a tombstone carries no version to remove.
            return;
        }
        ModelSnapshot snapshot;
        try {
            snapshot = codec.decode(record.value());
        } catch (BadRecordException e) {
            reject(key, "undecodable (" + e.errorClass() + "): " + e.getMessage());
            return;
        }
        String modelId = snapshot.getModelId();
        if (key != null && !key.equals(modelId)) {
            reject(key, "key '" + key + "' is not the snapshot's model id '" + modelId + "'");
            return;
        }
        if (snapshot.getVersion() < 1) {
            reject(modelId, "version " + snapshot.getVersion() + " (< 1)");
            return;
        }
        store.put(ModelStore.snapshotKey(modelId, snapshot.getVersion()), record.value());
        VersionIndex index =
                ModelStore.index(store, modelId)
                        .with(snapshot.getVersion(), snapshot.getCreatedAt().toEpochMilli());
        List<Long> evicted = new ArrayList<>();
        Long pinned = pinnedVersion(modelId);
        int excess = index.entries().size() - retainedVersions;
        for (VersionIndex.Entry e : List.copyOf(index.entries())) {
            if (excess <= 0) {
                break;
            }
            if (pinned != null && e.version() == pinned) {
                continue;
            }
            index = index.without(e.version());
            store.delete(ModelStore.snapshotKey(modelId, e.version()));
            evicted.add(e.version());
            excess--;
        }
        ModelStore.putIndex(store, modelId, index);
        LOG.info(
                "model '{}': stored snapshot version {} ({} classes, {} records seen)",
                modelId,
                snapshot.getVersion(),
                snapshot.getClasses().size(),
                snapshot.getProvenance().getRecordsSeen());
        telemetry.snapshotStored(SnapshotSummary.of(snapshot));
        if (!evicted.isEmpty()) {
            telemetry.versionsEvicted(modelId, evicted);
        }
    }

    private Long pinnedVersion(String modelId) {
        byte[] bytes = controls.get(modelId);
        if (bytes == null) {
            return null;
        }
        ModelControl control = controlCodec.decode(bytes);
        return VersionSelection.isPin(control) ? control.getVersion() : null;
    }

    private void reject(String modelId, String reason) {
        LOG.warn("snapshot record for model '{}' dropped: {}", modelId, reason);
        telemetry.snapshotRejected(modelId, reason);
    }
}
