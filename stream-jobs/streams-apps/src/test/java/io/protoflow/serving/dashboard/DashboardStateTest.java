package io.protoflow.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.AlertSeverity;
import io.protoflow.schemas.AlertStatus;
import io.protoflow.schemas.AlertType;
import io.protoflow.schemas.AlertWindow;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.serving.telemetry.ServedModel;
import io.protoflow.serving.telemetry.ServedPrediction;
import io.protoflow.serving.telemetry.SnapshotSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelSnapshot coreSnapshot(long version) {
        Learner learner = Learners.create("ncm", 2, Map.of());
        for (int i = 0; i < 3; i++) {
            learner.learn(new float[] {0, 0}, "cat");
            learner.learn(new float[] {4, 0}, "dog");
        }
        learner.learn(new float[] {0, 3}, "eel");
        return new ModelSnapshot(
                "m",
                version,
                version - 1,
                1_000 * version,
                new Provenance("t", 7, ""),
                learner.snapshot());
    }

    static ServedPrediction prediction(String label, String predicted, boolean ood, long at) {
        return new ServedPrediction("m", 2, label, predicted, ood ? 9.0 : 1.0, ood, 1_000, at);
    }

    static DashboardState populated() {
        DashboardState state =
                new DashboardState(Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC));
        state.streamsState("RUNNING");
        state.snapshotStored(
                new SnapshotSummary(
                        "m", 1, 0, 1_000, "ncm", 2, 4, Map.of("cat", 2L, "dog", 2L), Map.of()));
        state.snapshotStored(
                new SnapshotSummary(
                        "m",
                        2,
                        1,
                        2_000,
                        "ncm",
                        2,
                        7,
                        Map.of("cat", 3L, "dog", 3L, "eel", 1L),
                        Map.of()));
        state.versionsEvicted("m", List.of(1L));
        state.modelSwapped(null, new ServedModel("m", 2, true, 2L, coreSnapshot(2)));
        state.controlApplied(
                ModelControl.newBuilder()
                        .setModelId("m")
                        .setAction(ModelControlAction.PIN)
                        .setVersion(2L)
                        .setReason("canary")
                        .setIssuedBy("ops")
                        .setIssuedAt(Instant.ofEpochMilli(2_500))
                        .build());
        // second 3: 3 labelled (2 right), 1 unlabelled flagged; second 4: 1 labelled wrong
        state.served(prediction("cat", "cat", false, 3_100));
        state.served(prediction("dog", "dog", false, 3_200));
        state.served(prediction("dog", "cat", false, 3_300));
        state.served(prediction(null, "eel", true, 3_900));
        state.served(prediction("eel", "cat", false, 4_100));
        state.deadLetter("NON_FINITE", "m");
        state.deadLetter("NON_FINITE", "m");
        state.deadLetter("UNDECODABLE", null);
        state.alert(
                Alert.newBuilder()
                        .setAlertId("a1")
                        .setAlertKey("m/OOD_RATE/ood-rate")
                        .setModelId("m")
                        .setModelVersion(2)
                        .setType(AlertType.OOD_RATE)
                        .setSeverity(AlertSeverity.CRITICAL)
                        .setStatus(AlertStatus.RAISED)
                        .setDetector("ood-rate")
                        .setWindow(
                                new AlertWindow(
                                        Instant.ofEpochMilli(3_000),
                                        Instant.ofEpochMilli(4_000),
                                        5L))
                        .setMessage("OOD rate 0.25 above 0.10 </script>")
                        .setRaisedAt(Instant.ofEpochMilli(4_200))
                        .build());
        return state;
    }

    @Test
    void documentHoldsTotalsSeriesCountsVersionsAlertsAndMap() throws Exception {
        DashboardState state = populated();
        String text = state.toJson();
        assertThat(text).doesNotContain("</script>");
        JsonNode doc = JSON.readTree(text);
        assertThat(doc.get("generatedAt").asLong()).isEqualTo(5_000);
        assertThat(doc.get("streamsState").asText()).isEqualTo("RUNNING");
        JsonNode m = doc.get("models").get(0);
        assertThat(m.get("modelId").asText()).isEqualTo("m");
        assertThat(m.get("newestVersion").asLong()).isEqualTo(2);
        assertThat(m.get("served").get("version").asLong()).isEqualTo(2);
        assertThat(m.get("served").get("pinned").asBoolean()).isTrue();
        assertThat(m.get("control").get("action").asText()).isEqualTo("PIN");
        assertThat(m.get("control").get("issuedBy").asText()).isEqualTo("ops");

        JsonNode totals = m.get("totals");
        assertThat(totals.get("predictions").asLong()).isEqualTo(5);
        assertThat(totals.get("labelled").asLong()).isEqualTo(4);
        assertThat(totals.get("correct").asLong()).isEqualTo(2);
        assertThat(totals.get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(totals.get("oodRate").asDouble()).isEqualTo(0.2);

        JsonNode series = m.get("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("t").asLong()).isEqualTo(3_000);
        assertThat(series.get(0).get("accuracy").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(series.get(0).get("oodRate").asDouble()).isEqualTo(0.25);
        assertThat(series.get(1).get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(series.get(1).get("windowAccuracy").asDouble()).isEqualTo(0.0);

        JsonNode counts = m.get("classCounts");
        assertThat(counts).hasSize(3);
        assertThat(counts.get(0).get("label").asText()).isEqualTo("cat");
        assertThat(counts.get(0).get("learned").asLong()).isEqualTo(3);
        assertThat(counts.get(0).get("predicted").asLong()).isEqualTo(3);
        assertThat(counts.get(2).get("label").asText()).isEqualTo("eel");
        assertThat(counts.get(2).get("learned").asLong()).isEqualTo(1);
        assertThat(counts.get(2).get("predicted").asLong()).isEqualTo(1);

        JsonNode versions = m.get("versions");
        assertThat(versions.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(versions.get(0).get("served").asBoolean()).isTrue();
        assertThat(versions.get(1).get("retained").asBoolean()).isFalse();

        JsonNode map = m.get("map");
        assertThat(map.get("version").asLong()).isEqualTo(2);
        assertThat(map.get("points")).hasSize(3);
        assertThat(map.get("explained").get(0).asDouble() + map.get("explained").get(1).asDouble())
                .isCloseTo(1.0, within(1e-9));

        assertThat(doc.get("alerts").get(0).get("type").asText()).isEqualTo("OOD_RATE");
        assertThat(doc.get("alerts").get(0).get("resolvedAt").isNull()).isTrue();
        assertThat(doc.get("deadLetters").get("NON_FINITE").asLong()).isEqualTo(2);
        assertThat(doc.get("deadLetters").get("UNDECODABLE").asLong()).isEqualTo(1);
    }

    @Test
    void everyEventCountsAsAChangeAndWakesWaiters() throws Exception {
        DashboardState state = new DashboardState(Clock.systemUTC());
        long before = state.changes();
        assertThat(state.awaitChange(before, 1)).isEqualTo(before);
        state.deadLetter("X", null);
        assertThat(state.awaitChange(before, 1_000)).isEqualTo(before + 1);
    }
}
