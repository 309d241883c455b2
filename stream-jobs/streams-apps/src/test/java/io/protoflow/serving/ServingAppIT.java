package io.protoflow.serving;

import static io.protoflow.serving.ServingFixtures.means;
import static io.protoflow.serving.ServingFixtures.snapshot;
import static io.protoflow.serving.ServingFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Prediction;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serving app against the real embedded KRaft broker: a snapshot swap in mid-stream, rollback
 * through the control topic (as {@code protoflow model rollback} writes it), pin while newer
 * snapshots arrive, unpin and pin over the HTTP admin API, and a restart that keeps the pin.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class ServingAppIT {

    private static final String MODEL = "it-model";
    private static final int CHUNK = 20;
    private static final long SEED = 11;

    private static final ModelSnapshot V1 =
            snapshot(MODEL, 1, 1_000, means("a", v(0, 0), "b", v(10, 0)), 3);
    private static final ModelSnapshot V2 =
            snapshot(MODEL, 2, 2_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 5)), 3);
    private static final ModelSnapshot V3 =
            snapshot(MODEL, 3, 3_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 7)), 3);
    private static final ModelSnapshot V4 =
            snapshot(MODEL, 4, 4_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 9)), 3);
    private static final ModelSnapshot V5 =
            snapshot(MODEL, 5, 5_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 11)), 3);
    private static final Map<Long, ModelSnapshot> BY_VERSION =
            Map.of(1L, V1, 2L, V2, 3L, V3, 4L, V4, 5L, V5);

    /** Asserts that the named version's learner gives exactly this ranking for these features. */
    private static void assertMadeByNamedVersion(io.protoflow.schemas.Prediction p, float[] x) {
        ModelSnapshot snapshot = BY_VERSION.get(p.getModelVersion());
        assertThat(snapshot)
                .as("version %d of %s", p.getModelVersion(), p.getExampleId())
                .isNotNull();
        Prediction truth = ServingFixtures.expected(snapshot, x, 5);
        assertThat(p.getRanked()).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            assertThat(p.getRanked().get(i).getLabel()).isEqualTo(truth.ranked().get(i).label());
            assertThat(p.getRanked().get(i).getScore()).isEqualTo(truth.ranked().get(i).score());
        }
    }

    private static List<float[]> randomInputs(Random random, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(v(random.nextFloat() * 4 - 1, random.nextFloat() * 8 - 1));
        }
        return out;
    }

    @Test
    void swapsInMidStreamRollsBackPinsAndKeepsThePinAcrossARestart(EmbeddedKafkaBroker broker)
            throws Exception {
        Random random = new Random(SEED);
        try (ServingHarness h = new ServingHarness(broker, "it-serving.", MODEL)) {
            ServingSettings settings = h.settings(2);
            ServingApp app = h.start(settings);
            try {
                h.publish(V1);
                ServingHarness.awaitDashboard(
                        app, json -> json.contains("\"newestVersion\":1"), Duration.ofSeconds(60));

                // 1. Swap in mid-stream: v2 is published right after chunk 2 is sent, while the
                // app is scoring it. Every prediction must be exactly what its named version says.
                Map<String, float[]> inputs = new HashMap<>();
                List<io.protoflow.schemas.Prediction> stream = new ArrayList<>();
                for (int chunk = 0; chunk < 40; chunk++) {
                    List<float[]> xs = randomInputs(random, CHUNK);
                    List<String> ids = h.send(xs);
                    for (int i = 0; i < ids.size(); i++) {
                        inputs.put(ids.get(i), xs.get(i));
                    }
                    if (chunk == 2) {
                        h.publish(V2);
                    }
                    List<io.protoflow.schemas.Prediction> got =
                            h.take(CHUNK, Duration.ofSeconds(60));
                    stream.addAll(got);
                    boolean twoChunksOfV2 =
                            stream.size() >= 2 * CHUNK
                                    && stream
                                            .subList(stream.size() - 2 * CHUNK, stream.size())
                                            .stream()
                                            .allMatch(p -> p.getModelVersion() == 2);
                    if (chunk > 2 && twoChunksOfV2) {
                        break;
                    }
                }
                for (io.protoflow.schemas.Prediction p : stream) {
                    assertMadeByNamedVersion(p, inputs.get(p.getExampleId()));
                }
                List<Long> versions = stream.stream().map(p -> p.getModelVersion()).toList();
                assertThat(versions.subList(0, 2 * CHUNK)).containsOnly(1L);
                int firstV2 = versions.indexOf(2L);
                assertThat(firstV2).isGreaterThanOrEqualTo(2 * CHUNK);
                assertThat(versions.subList(firstV2, versions.size())).containsOnly(2L);
                long disagreements =
                        stream.stream()
                                .filter(
                                        p ->
                                                !ServingFixtures.expected(
                                                                V1, inputs.get(p.getExampleId()), 1)
                                                        .ranked()
                                                        .get(0)
                                                        .label()
                                                        .equals(
                                                                ServingFixtures.expected(
                                                                                V2,
                                                                                inputs.get(
                                                                                        p
                                                                                                .getExampleId()),
                                                                                1)
                                                                        .ranked()
                                                                        .get(0)
                                                                        .label()))
                                .count();
                assertThat(disagreements)
                        .as("inputs on which v1 and v2 disagree")
                        .isGreaterThan(10);

                // 2. Rollback through the control topic, as `protoflow model rollback --to 1` does.
                try (ModelControlWriter writer =
                        new ModelControlWriter(broker.bootstrapServers(), h.prefix, Map.of())) {
                    writer.write(
                            ModelControlWriter.command(
                                    MODEL,
                                    ModelControlAction.ROLLBACK,
                                    1L,
                                    "v2 misbehaves",
                                    "it",
                                    Instant.now()));
                }
                float[] probe = v(0, 6);
                List<io.protoflow.schemas.Prediction> toV1 =
                        h.probeUntil(probe, p -> p.getModelVersion() == 1, 40);
                int switched = toV1.stream().map(p -> p.getModelVersion()).toList().indexOf(1L);
                assertThat(toV1.subList(switched, toV1.size()))
                        .allSatisfy(p -> assertMadeByNamedVersion(p, probe));

                // 3. Pinned: a newer snapshot arrives and is not served.
                h.publish(V3);
                ServingHarness.awaitDashboard(
                        app, json -> json.contains("\"newestVersion\":3"), Duration.ofSeconds(60));
                assertThat(h.score(java.util.Collections.nCopies(10, probe)))
                        .extracting(p -> p.getModelVersion())
                        .containsOnly(1L);

                // 4. Admin API: no token, no action; with it, unpin serves the newest again.
                assertThat(h.post(app, "/api/models/" + MODEL + "/unpin", null).statusCode())
                        .isEqualTo(401);
                assertThat(
                                h.post(app, "/api/models/" + MODEL + "/unpin", ServingHarness.TOKEN)
                                        .statusCode())
                        .isEqualTo(202);
                h.probeUntil(probe, p -> p.getModelVersion() == 3, 40);
                assertThat(
                                h.post(
                                                app,
                                                "/api/models/"
                                                        + MODEL
                                                        + "/pin?version=3&issuedBy=it",
                                                ServingHarness.TOKEN)
                                        .statusCode())
                        .isEqualTo(202);
                ServingHarness.awaitDashboard(
                        app, json -> json.contains("\"action\":\"PIN\""), Duration.ofSeconds(60));

                // 5. A poison request goes to dead letters; serving goes on.
                h.sendRaw("poison", "garbage".getBytes(StandardCharsets.UTF_8));
                assertThat(h.score(List.of(probe)))
                        .extracting(p -> p.getModelVersion())
                        .containsOnly(3L);
                List<DeadLetter> letters =
                        KafkaTestReader.readCommitted(
                                        broker.bootstrapServers(),
                                        h.prefix + Topics.DEAD_LETTERS.name(),
                                        AvroCodec.of(DeadLetter.class)::decode,
                                        1,
                                        Duration.ofSeconds(60))
                                .stream()
                                .map(r -> r.value())
                                .toList();
                assertThat(letters)
                        .extracting(DeadLetter::getErrorClass)
                        .containsExactly("UNDECODABLE");

                assertThat(h.get(app, "/healthz").statusCode()).isEqualTo(200);
            } finally {
                app.close();
            }

            // 6. While the app is down two more versions arrive; with two versions retained, v3
            // survives only because the standing pin names it. After the restart it is served.
            h.publish(V4);
            h.publish(V5);
            ServingApp restarted = h.start(settings);
            try {
                ServingHarness.awaitDashboard(
                        restarted,
                        json -> json.contains("\"newestVersion\":5"),
                        Duration.ofSeconds(60));
                assertThat(restarted.state())
                        .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                float[] probe = v(0, 8);
                List<io.protoflow.schemas.Prediction> after =
                        h.score(java.util.Collections.nCopies(10, probe));
                assertThat(after).extracting(p -> p.getModelVersion()).containsOnly(3L);
                after.forEach(p -> assertMadeByNamedVersion(p, probe));
                String json = restarted.dashboard().toJson();
                assertThat(json).contains("\"version\":2,", "\"retained\":false");
            } finally {
                restarted.close();
            }
        }
    }
}
