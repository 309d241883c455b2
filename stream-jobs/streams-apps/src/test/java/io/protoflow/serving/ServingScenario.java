package io.protoflow.serving;

import static io.protoflow.serving.ServingFixtures.means;
import static io.protoflow.serving.ServingFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.AlertStatus;
import io.protoflow.schemas.AlertType;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.KafkaTestWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A serving app run that touches every part of the dashboard and every meter: two snapshot versions
 * (the second with a calibrated min-distance threshold), a pin, an ignored command, a rejected
 * snapshot, labelled and unlabelled requests with known outcomes, a poison request and an alert
 * that is raised and resolved. Shared by the dashboard and Grafana tests.
 */
public final class ServingScenario {

    /** Predictions the scenario makes. */
    public static final int PREDICTIONS = 5;

    /** 3 of the 4 labelled requests are predicted right. */
    public static final double ACCURACY = 0.75;

    /** 1 of the 5 predictions is flagged out of distribution. */
    public static final double OOD_RATE = 0.2;

    /** Predictions served per class: a 2, b 2, c 1. */
    public static final Map<String, Long> PREDICTED = Map.of("a", 2L, "b", 2L, "c", 1L);

    /** Examples learned per class in the served snapshot. */
    public static final long LEARNED_PER_CLASS = 3;

    private final EmbeddedKafkaBroker broker;
    private final String prefix;
    private final String model;
    private ServingHarness harness;

    public ServingScenario(EmbeddedKafkaBroker broker, String prefix, String model) {
        this.broker = broker;
        this.prefix = prefix;
        this.model = model;
    }

    /** The model id of the scenario. */
    public String model() {
        return model;
    }

    /** Snapshot {@code version} of the scenario's model: classes a, b, c (from version 2). */
    public ModelSnapshot snapshot(long version) {
        ModelSnapshot s =
                version == 1
                        ? ServingFixtures.snapshot(
                                model,
                                1,
                                1_000,
                                means("a", v(0, 0), "b", v(10, 0)),
                                LEARNED_PER_CLASS)
                        : ServingFixtures.snapshot(
                                model,
                                version,
                                1_000 * version,
                                means("a", v(0, 0), "b", v(10, 0), "c", v(0, 10)),
                                LEARNED_PER_CLASS);
        return version == 1 ? s : ServingFixtures.withMinDistanceThreshold(s, 9.0);
    }

    /** Starts the app, runs the scenario and waits until the dashboard shows all of it. */
    public ServingApp startAndDrive() throws Exception {
        harness = new ServingHarness(broker, prefix, model);
        ServingSettings settings = harness.settings(ServingConfig.DEFAULT_RETAINED_VERSIONS);
        ServingApp app = harness.start(settings);
        try {
            drive(app);
        } catch (Exception | AssertionError e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void drive(ServingApp app) throws Exception {
        String snapshots = prefix + Topics.MODEL_SNAPSHOTS.name();
        harness.publish(snapshot(1));
        harness.publish(snapshot(2));
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                snapshots,
                List.of(Map.entry(model, "not a snapshot".getBytes(StandardCharsets.UTF_8))));
        AvroCodec<ModelControl> controls = AvroCodec.of(ModelControl.class);
        ModelControl unknown =
                ModelControl.newBuilder()
                        .setModelId(model)
                        .setAction(ModelControlAction.UNKNOWN)
                        .setIssuedBy("future-build")
                        .setIssuedAt(Instant.now())
                        .build();
        ModelControl pin =
                ModelControlWriter.command(
                        model, ModelControlAction.PIN, 2L, "scenario", "scenario", Instant.now());
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                prefix + Topics.MODEL_CONTROL.name(),
                List.of(
                        Map.entry(model, controls.encode(unknown)),
                        Map.entry(model, controls.encode(pin))));
        long now = System.currentTimeMillis();
        AvroCodec<io.protoflow.schemas.Alert> alerts =
                AvroCodec.of(io.protoflow.schemas.Alert.class);
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                prefix + Topics.ALERTS.name(),
                List.of(
                        Map.entry(
                                model + "/OOD_RATE/test",
                                alerts.encode(
                                        ServingFixtures.alert(
                                                "al-1",
                                                model,
                                                AlertType.OOD_RATE,
                                                AlertStatus.RAISED,
                                                now - 2_000,
                                                "OOD rate 0.31 above 0.10"))),
                        Map.entry(
                                model + "/OOD_RATE/test",
                                alerts.encode(
                                        ServingFixtures.alert(
                                                "al-2",
                                                model,
                                                AlertType.OOD_RATE,
                                                AlertStatus.RESOLVED,
                                                now - 2_000,
                                                "OOD rate back to 0.04")))));
        ServingHarness.awaitDashboard(
                app,
                json ->
                        json.contains("\"newestVersion\":2")
                                && json.contains("\"action\":\"PIN\"")
                                && json.contains("\"status\":\"RESOLVED\""),
                Duration.ofSeconds(60));

        // Labelled: (1,0) a right, (9,0) b right, (0,9) c right, (2,1) b predicted a.
        // Unlabelled: (30,25) nearest b at squared distance 1025 > 9: flagged.
        AvroCodec<Example> examples = AvroCodec.of(Example.class);
        List<Map.Entry<String, byte[]>> requests = new ArrayList<>();
        Object[][] rows = {
            {v(1, 0), "a"}, {v(9, 0), "b"}, {v(0, 9), "c"}, {v(2, 1), "b"}, {v(30, 25), null}
        };
        for (int i = 0; i < rows.length; i++) {
            String id = "scenario-" + i;
            requests.add(
                    Map.entry(
                            id,
                            examples.encode(
                                    ServingFixtures.request(
                                            id,
                                            model,
                                            (float[]) rows[i][0],
                                            (String) rows[i][1]))));
        }
        requests.add(Map.entry("poison", "garbage".getBytes(StandardCharsets.UTF_8)));
        KafkaTestWriter.send(
                broker.bootstrapServers(), prefix + Topics.INFERENCE_REQUESTS.name(), requests);
        List<Prediction> made = harness.take(PREDICTIONS, Duration.ofSeconds(60));
        assertThat(made).extracting(Prediction::getModelVersion).containsOnly(2L);
        assertThat(made)
                .extracting(Prediction::getOodFlag)
                .containsExactly(false, false, false, false, true);
        ServingHarness.awaitDashboard(
                app,
                json ->
                        json.contains("\"predictions\":" + PREDICTIONS + ",")
                                && json.contains("\"UNDECODABLE\":1"),
                Duration.ofSeconds(60));
    }

    /** Publishes another version (3) of the model and unpins it, so the dashboard moves on. */
    public void publishAndUnpin(long version) {
        harness.publish(snapshot(version));
        try (ModelControlWriter writer =
                new ModelControlWriter(broker.bootstrapServers(), prefix, Map.of())) {
            writer.write(
                    ModelControlWriter.command(
                            model,
                            ModelControlAction.UNPIN,
                            null,
                            "scenario",
                            "scenario",
                            Instant.now()));
        }
    }

    /** Sends more labelled requests that are all predicted right. */
    public void sendCorrect(int count) {
        List<float[]> xs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            xs.add(v(1, 0));
        }
        harness.send(xs, "a");
    }
}
