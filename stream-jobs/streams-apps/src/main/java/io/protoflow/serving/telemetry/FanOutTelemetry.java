package io.protoflow.serving.telemetry;

import io.protoflow.schemas.Alert;
import io.protoflow.schemas.ModelControl;
import java.util.List;

/** Passes every call to several listeners. */
record FanOutTelemetry(List<ServingTelemetry> listeners) implements ServingTelemetry {

    FanOutTelemetry {
        listeners = List.copyOf(listeners);
    }

    @Override
    public void snapshotStored(SnapshotSummary snapshot) {
        listeners.forEach(l -> l.snapshotStored(snapshot));
    }

    @Override
    public void snapshotRejected(String modelId, String reason) {
        listeners.forEach(l -> l.snapshotRejected(modelId, reason));
    }

    @Override
    public void versionsEvicted(String modelId, List<Long> versions) {
        listeners.forEach(l -> l.versionsEvicted(modelId, versions));
    }

    @Override
    public void controlApplied(ModelControl control) {
        listeners.forEach(l -> l.controlApplied(control));
    }

    @Override
    public void controlRejected(String modelId, String reason) {
        listeners.forEach(l -> l.controlRejected(modelId, reason));
    }

    @Override
    public void alert(Alert alert) {
        listeners.forEach(l -> l.alert(alert));
    }

    @Override
    public void modelSwapped(ServedModel previous, ServedModel current) {
        listeners.forEach(l -> l.modelSwapped(previous, current));
    }

    @Override
    public void served(ServedPrediction prediction) {
        listeners.forEach(l -> l.served(prediction));
    }

    @Override
    public void deadLetter(String errorClass, String modelId) {
        listeners.forEach(l -> l.deadLetter(errorClass, modelId));
    }
}
