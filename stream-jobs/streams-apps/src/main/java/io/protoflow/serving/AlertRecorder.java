package io.protoflow.serving;

import io.protoflow.schemas.Alert;
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
 * Keeps the global alert store (the latest event per alert key, so the current status of every
 * alert) and reports every alert event to the telemetry, which draws the dashboard's timeline.
 */
final class AlertRecorder implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRecorder.class);

    private final String storeName;
    private final ServingTelemetry telemetry;
    private final AvroCodec<Alert> codec = AvroCodec.of(Alert.class);
    private KeyValueStore<String, byte[]> store;

    AlertRecorder(String storeName, ServingTelemetry telemetry) {
        this.storeName = storeName;
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                store.delete(record.key());
            }
            return;
        }
        Alert alert;
        try {
            alert = codec.decode(record.value());
        } catch (BadRecordException e) {
            LOG.warn("alert record '{}' ignored: {}", record.key(), e.getMessage());
            return;
        }
        store.put(alert.getAlertKey(), record.value());
        telemetry.alert(alert);
    }
}
