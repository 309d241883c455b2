package io.protoflow.serving;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global control store: the standing {@link ModelControl} command per model id, stored as
 * its raw bytes. Records this build cannot act on are ignored, so the previous command stands:
 * undecodable bytes, the {@code UNKNOWN} action (a newer writer's action, never guessed at), a PIN
 * without a version, a key that is not the record's model id. A tombstone removes the model's
 * command.
 */
final class ControlUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlUpdater.class);

    private final String storeName;
    private final ServingTelemetry telemetry;
    private final AvroCodec<ModelControl> codec = AvroCodec.of(ModelControl.class);
    private KeyValueStore<String, byte[]> store;

    ControlUpdater(String storeName, ServingTelemetry telemetry) {
        this.storeName = storeName;
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key != null) {
                store.delete(key);
            }
            return;
        }
        ModelControl control;
        try {
            control = codec.decode(record.value());
        } catch (BadRecordException e) {
            reject(key, "undecodable (" + e.errorClass() + "): " + e.getMessage());
            return;
        }
        String modelId = control.getModelId();
        if (modelId == null || modelId.isBlank()) {
            reject(key, "the command has no model id");
        } else if (key != null && !key.equals(modelId)) {
            reject(key, "key '" + key + "' is not the command's model id '" + modelId + "'");
        } else if (control.getAction() == ModelControlAction.UNKNOWN) {
            reject(modelId, "action UNKNOWN (written by a newer build?) is ignored");
        } else if (control.getAction() == ModelControlAction.PIN && control.getVersion() == null) {
            reject(modelId, "PIN without a version");
        } else if (control.getVersion() != null && control.getVersion() < 1) {
            reject(modelId, control.getAction() + " to version " + control.getVersion() + " (< 1)");
        } else {
            store.put(modelId, record.value());
            LOG.info(
                    "model '{}': {} {} by {} ({})",
                    modelId,
                    control.getAction(),
                    control.getVersion() == null ? "" : "version " + control.getVersion(),
                    control.getIssuedBy(),
                    control.getReason() == null ? "no reason given" : control.getReason());
            telemetry.controlApplied(control);
        }
    }

    private void reject(String modelId, String reason) {
        LOG.warn("model control record for '{}' ignored: {}", modelId, reason);
        telemetry.controlRejected(modelId, reason);
    }
}
