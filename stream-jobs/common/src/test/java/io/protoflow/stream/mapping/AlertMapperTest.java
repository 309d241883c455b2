package io.protoflow.stream.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.alert.Alert;
import io.protoflow.core.alert.AlertSeverity;
import io.protoflow.core.alert.AlertStatus;
import io.protoflow.core.alert.AlertType;
import io.protoflow.core.alert.AlertWindow;
import io.protoflow.core.alert.NovelClass;
import io.protoflow.stream.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AlertMapperTest {

    @Test
    void resolvedDriftAlertMapsFieldByFieldAndSurvivesTheWire() {
        Alert core =
                new Alert(
                        "m/DRIFT/adwin#3/resolved",
                        "m/DRIFT/adwin",
                        "m",
                        7,
                        AlertType.DRIFT,
                        AlertSeverity.WARNING,
                        AlertStatus.RESOLVED,
                        "adwin",
                        new AlertWindow(1_000, 2_000, 1_001),
                        Map.of("errorBefore", 0.1),
                        Map.of("stream", "error rate"),
                        "drift resolved",
                        5_000,
                        OptionalLong.of(6_000),
                        Optional.empty());
        io.protoflow.schemas.Alert avro =
                Topics.ALERTS
                        .codec()
                        .decode(Topics.ALERTS.codec().encode(AlertMapper.toAvro(core)));
        assertThat(avro.getAlertId()).isEqualTo("m/DRIFT/adwin#3/resolved");
        assertThat(avro.getAlertKey()).isEqualTo("m/DRIFT/adwin");
        assertThat(avro.getModelVersion()).isEqualTo(7);
        assertThat(avro.getType()).isEqualTo(io.protoflow.schemas.AlertType.DRIFT);
        assertThat(avro.getSeverity()).isEqualTo(io.protoflow.schemas.AlertSeverity.WARNING);
        assertThat(avro.getStatus()).isEqualTo(io.protoflow.schemas.AlertStatus.RESOLVED);
        assertThat(avro.getWindow().getStart()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(avro.getWindow().getEnd()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(avro.getWindow().getRecords()).isEqualTo(1_001);
        assertThat(avro.getEvidence()).containsEntry("errorBefore", 0.1);
        assertThat(avro.getDetails()).containsEntry("stream", "error rate");
        assertThat(avro.getRaisedAt()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(avro.getResolvedAt()).isEqualTo(Instant.ofEpochMilli(6_000));
        assertThat(avro.getNovelClass()).isNull();
    }

    @Test
    void novelClassAlertCarriesPrototypeAndMembers() {
        Alert core =
                new Alert(
                        "m/NOVEL_CLASS/novelty-clustering/novel-1#1/raised",
                        "m/NOVEL_CLASS/novelty-clustering/novel-1",
                        "m",
                        2,
                        AlertType.NOVEL_CLASS,
                        AlertSeverity.INFO,
                        AlertStatus.RAISED,
                        "novelty-clustering",
                        new AlertWindow(10, 20, 25),
                        Map.of(),
                        Map.of(),
                        "new cluster",
                        30,
                        OptionalLong.empty(),
                        Optional.of(new NovelClass(new double[] {1.5, -2}, List.of("a", "b"), 25)));
        io.protoflow.schemas.Alert avro = AlertMapper.toAvro(core);
        assertThat(avro.getResolvedAt()).isNull();
        assertThat(avro.getNovelClass().getPrototype()).containsExactly(1.5, -2.0);
        assertThat(avro.getNovelClass().getMemberIds()).containsExactly("a", "b");
        assertThat(avro.getNovelClass().getSize()).isEqualTo(25);
    }
}
