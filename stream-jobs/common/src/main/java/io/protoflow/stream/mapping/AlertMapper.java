package io.protoflow.stream.mapping;

import io.protoflow.core.alert.Alert;
import io.protoflow.schemas.AlertSeverity;
import io.protoflow.schemas.AlertStatus;
import io.protoflow.schemas.AlertType;
import io.protoflow.schemas.AlertWindow;
import io.protoflow.schemas.NovelClass;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a core {@link Alert} to the Avro alert record of the alerts topic, field by field: enums by
 * name, milliseconds to instants, an empty resolved time or novel class to null.
 */
public final class AlertMapper {

    private AlertMapper() {}

    /** The Avro record for {@code alert}. */
    public static io.protoflow.schemas.Alert toAvro(Alert alert) {
        Map<String, Double> evidence = new LinkedHashMap<>(alert.evidence());
        Map<String, String> details = new LinkedHashMap<>(alert.details());
        return io.protoflow.schemas.Alert.newBuilder()
                .setAlertId(alert.alertId())
                .setAlertKey(alert.alertKey())
                .setModelId(alert.modelId())
                .setModelVersion(alert.modelVersion())
                .setType(AlertType.valueOf(alert.type().name()))
                .setSeverity(AlertSeverity.valueOf(alert.severity().name()))
                .setStatus(AlertStatus.valueOf(alert.status().name()))
                .setDetector(alert.detector())
                .setWindow(
                        new AlertWindow(
                                Instant.ofEpochMilli(alert.window().startMillis()),
                                Instant.ofEpochMilli(alert.window().endMillis()),
                                alert.window().records()))
                .setEvidence(evidence)
                .setDetails(details)
                .setMessage(alert.message())
                .setRaisedAt(Instant.ofEpochMilli(alert.raisedAtMillis()))
                .setResolvedAt(
                        alert.resolvedAtMillis().isPresent()
                                ? Instant.ofEpochMilli(alert.resolvedAtMillis().getAsLong())
                                : null)
                .setNovelClass(
                        alert.novelClass()
                                .map(
                                        n ->
                                                new NovelClass(
                                                        java.util.Arrays.stream(n.prototype())
                                                                .boxed()
                                                                .toList(),
                                                        n.memberIds(),
                                                        n.size()))
                                .orElse(null))
                .build();
    }
}
