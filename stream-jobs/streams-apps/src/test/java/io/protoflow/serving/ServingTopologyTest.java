package io.protoflow.serving;

import static io.protoflow.serving.ServingFixtures.means;
import static io.protoflow.serving.ServingFixtures.request;
import static io.protoflow.serving.ServingFixtures.snapshot;
import static io.protoflow.serving.ServingFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.learn.Prediction;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.ScoredLabel;
import io.protoflow.serving.ood.OodVerdict;
import io.protoflow.serving.telemetry.ServedModel;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production serving topology under {@link TopologyTestDriver}. */
class ServingTopologyTest {

    private static final String MODEL = "digits";
    private static final AvroCodec<Example> EXAMPLES = AvroCodec.of(Example.class);
    private static final AvroCodec<ModelSnapshot> SNAPSHOTS = AvroCodec.of(ModelSnapshot.class);
    private static final AvroCodec<ModelControl> CONTROLS = AvroCodec.of(ModelControl.class);

    // v1: a at the origin, b far right. v2: b moved close, c added. v3, v4: c moved.
    private static final ModelSnapshot V1 =
            snapshot(MODEL, 1, 1_000, means("a", v(0, 0), "b", v(10, 0)), 3);
    private static final ModelSnapshot V2 =
            snapshot(MODEL, 2, 2_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 5)), 3);
    private static final ModelSnapshot V3 =
            snapshot(MODEL, 3, 3_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 7)), 3);
    private static final ModelSnapshot V4 =
            snapshot(MODEL, 4, 4_000, means("a", v(0, 0), "b", v(2, 0), "c", v(0, 9)), 3);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, byte[]> snapshots;
    private TestInputTopic<String, byte[]> controls;
    private TestOutputTopic<String, io.protoflow.schemas.Prediction> predictions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final List<ServedModel> swaps = new ArrayList<>();
    private int requestCount;

    private void start(ServingConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "serving-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        ServingTelemetry recordSwaps =
                new ServingTelemetry() {
                    @Override
                    public void modelSwapped(ServedModel previous, ServedModel current) {
                        swaps.add(current);
                    }
                };
        driver = new TopologyTestDriver(ServingApp.buildTopology(config, recordSwaps), p);
        StringSerializer keys = new StringSerializer();
        ByteArraySerializer bytes = new ByteArraySerializer();
        requests =
                driver.createInputTopic(
                        config.topic(Topics.INFERENCE_REQUESTS.name()), keys, bytes);
        snapshots =
                driver.createInputTopic(config.topic(Topics.MODEL_SNAPSHOTS.name()), keys, bytes);
        controls = driver.createInputTopic(config.topic(Topics.MODEL_CONTROL.name()), keys, bytes);
        predictions =
                driver.createOutputTopic(
                        config.topic(Topics.PREDICTIONS.name()),
                        new StringDeserializer(),
                        Topics.PREDICTIONS.serde().deserializer());
        deadLetters =
                driver.createOutputTopic(
                        config.topic(Topics.DEAD_LETTERS.name()),
                        new StringDeserializer(),
                        Topics.DEAD_LETTERS.serde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void publish(ModelSnapshot snapshot) {
        snapshots.pipeInput(snapshot.getModelId(), SNAPSHOTS.encode(snapshot));
    }

    private void command(ModelControlAction action, Long version, long issuedAt) {
        ModelControl c =
                ModelControlWriter.command(
                        MODEL, action, version, "test", "tester", Instant.ofEpochMilli(issuedAt));
        controls.pipeInput(MODEL, CONTROLS.encode(c));
    }

    private io.protoflow.schemas.Prediction score(float[] features) {
        return score(features, null);
    }

    private io.protoflow.schemas.Prediction score(float[] features, String label) {
        String id = "r" + (++requestCount);
        requests.pipeInput(id, EXAMPLES.encode(request(id, MODEL, features, label)));
        io.protoflow.schemas.Prediction p = predictions.readValue();
        assertThat(p.getExampleId()).isEqualTo(id);
        return p;
    }

    private static void assertMadeBy(
            io.protoflow.schemas.Prediction p, ModelSnapshot snapshot, float[] features) {
        assertThat(p.getModelVersion()).isEqualTo(snapshot.getVersion());
        Prediction truth = ServingFixtures.expected(snapshot, features, 5);
        assertThat(p.getRanked()).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            ScoredLabel got = p.getRanked().get(i);
            assertThat(got.getLabel()).isEqualTo(truth.ranked().get(i).label());
            assertThat(got.getScore()).isEqualTo(truth.ranked().get(i).score());
        }
    }

    @Test
    void predictsWithTheNewestSnapshotAndNamesItsVersion() {
        start(ServingConfig.defaults());
        publish(V1);
        io.protoflow.schemas.Prediction p = score(v(1.5f, 0), "a");
        assertThat(p.getPredictedLabel()).isEqualTo("a");
        assertThat(p.getModelId()).isEqualTo(MODEL);
        assertThat(p.getLabel()).isEqualTo("a");
        assertThat(p.getMetadata()).containsEntry("source", "test");
        assertMadeBy(p, V1, v(1.5f, 0));
        // min-distance: the squared distance to the nearest mean; no threshold, no flag
        assertThat(p.getOodScore()).isCloseTo(2.25, within(1e-6));
        assertThat(p.getOodFlag()).isFalse();

        publish(V2);
        io.protoflow.schemas.Prediction q = score(v(1.5f, 0));
        assertThat(q.getPredictedLabel()).isEqualTo("b");
        assertMadeBy(q, V2, v(1.5f, 0));
        assertThat(swaps).extracting(ServedModel::version).containsExactly(1L, 2L);
    }

    @Test
    void swapInMidStreamEveryPredictionNamesTheVersionThatMadeIt() {
        start(ServingConfig.defaults());
        publish(V1);
        List<float[]> inputs = List.of(v(1.5f, 0), v(0, 4), v(9, 1), v(1, 1), v(0.5f, 6), v(3, 0));
        List<io.protoflow.schemas.Prediction> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (i == 3) {
                publish(V2);
            }
            out.add(score(inputs.get(i)));
        }
        for (int i = 0; i < out.size(); i++) {
            assertMadeBy(out.get(i), i < 3 ? V1 : V2, inputs.get(i));
        }
        assertThat(out)
                .extracting(p -> p.getModelVersion())
                .containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
        // v1 and v2 disagree on these inputs, so the versions really made different answers
        assertThat(out.get(0).getPredictedLabel()).isEqualTo("a");
        assertThat(out.get(3).getPredictedLabel()).isEqualTo("a");
        assertThat(out.get(5).getPredictedLabel()).isEqualTo("b");
    }

    @Test
    void pinAndRollbackHoldAVersionUntilUnpin() {
        start(ServingConfig.defaults());
        publish(V1);
        publish(V2);
        publish(V3);
        command(ModelControlAction.PIN, 2L, 10_000);
        assertMadeBy(score(v(0, 6)), V2, v(0, 6));
        publish(V4);
        assertThat(score(v(0, 6)).getModelVersion()).isEqualTo(2);
        command(ModelControlAction.ROLLBACK, 1L, 11_000);
        assertMadeBy(score(v(0, 6)), V1, v(0, 6));
        command(ModelControlAction.UNPIN, null, 12_000);
        assertMadeBy(score(v(0, 6)), V4, v(0, 6));
        assertThat(swaps)
                .extracting(ServedModel::version, ServedModel::pinned)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, true),
                        org.assertj.core.groups.Tuple.tuple(1L, true),
                        org.assertj.core.groups.Tuple.tuple(4L, false));
    }

    @Test
    void rollbackWithoutVersionServesTheOneBeforeTheNewestAtIssueTime() {
        start(ServingConfig.defaults());
        publish(V1);
        publish(V2);
        publish(V3);
        // issued after v3 (created at 3000) was published: back to v2
        command(ModelControlAction.ROLLBACK, null, 3_500);
        assertThat(score(v(0, 6)).getModelVersion()).isEqualTo(2);
        publish(V4);
        assertThat(score(v(0, 6)).getModelVersion()).isEqualTo(2);
    }

    @Test
    void pinnedVersionStaysServableWhenNewerSnapshotsEvictOlderOnes() {
        start(ServingConfig.defaults().withRetainedVersions(2));
        publish(V1);
        command(ModelControlAction.PIN, 1L, 1_500);
        publish(V2);
        publish(V3);
        publish(V4);
        assertMadeBy(score(v(0, 6)), V1, v(0, 6));
        // v2 was evicted (two newest: v3, v4; v1 kept for the pin): a rollback to it falls to the
        // newest held version below it, v1
        command(ModelControlAction.ROLLBACK, 2L, 5_000);
        assertThat(score(v(0, 6)).getModelVersion()).isEqualTo(1);
        command(ModelControlAction.UNPIN, null, 6_000);
        assertMadeBy(score(v(0, 6)), V4, v(0, 6));
    }

    @Test
    void commandsThisBuildCannotActOnLeaveTheStandingOneInPlace() {
        start(ServingConfig.defaults());
        publish(V1);
        publish(V2);
        command(ModelControlAction.PIN, 1L, 3_000);
        ModelControl unknown =
                ModelControl.newBuilder()
                        .setModelId(MODEL)
                        .setAction(ModelControlAction.UNKNOWN)
                        .setVersion(2L)
                        .setIssuedBy("future-build")
                        .setIssuedAt(Instant.ofEpochMilli(4_000))
                        .build();
        controls.pipeInput(MODEL, CONTROLS.encode(unknown));
        controls.pipeInput(MODEL, "not avro".getBytes(StandardCharsets.UTF_8));
        assertThat(score(v(0, 6)).getModelVersion()).isEqualTo(1);
    }

    @Test
    void modelWithoutSnapshotGetsVersionZeroAndNoRankedLabels() {
        start(ServingConfig.defaults());
        io.protoflow.schemas.Prediction p = score(v(1, 2));
        assertThat(p.getModelVersion()).isZero();
        assertThat(p.getRanked()).isEmpty();
        assertThat(p.getPredictedLabel()).isNull();
        assertThat(p.getOodScore()).isNull();
    }

    @Test
    void oodFlagComesFromTheSnapshotsMinDistanceThreshold() {
        start(ServingConfig.defaults());
        publish(ServingFixtures.withMinDistanceThreshold(V1, 4.0));
        io.protoflow.schemas.Prediction near = score(v(1, 1));
        assertThat(near.getOodScore()).isCloseTo(2.0, within(1e-6));
        assertThat(near.getOodFlag()).isFalse();
        io.protoflow.schemas.Prediction far = score(v(0, 20));
        assertThat(far.getOodScore()).isCloseTo(400.0, within(1e-6));
        assertThat(far.getOodFlag()).isTrue();
    }

    @Test
    void pluggedOodScoringReplacesTheDefault() {
        start(
                ServingConfig.defaults()
                        .withOodScoring(
                                (snapshot, learner) ->
                                        (features, prediction) ->
                                                new OodVerdict(
                                                        "norm",
                                                        (double) features[0] + features[1],
                                                        features[0] > 5)));
        publish(V1);
        io.protoflow.schemas.Prediction p = score(v(7, 1));
        assertThat(p.getOodScore()).isEqualTo(8.0);
        assertThat(p.getOodFlag()).isTrue();
    }

    @Test
    void poisonRequestsGoToDeadLettersWithTheirReasonAndServingGoesOn() {
        start(ServingConfig.defaults());
        publish(V1);
        requests.pipeInput("garbage", "not avro".getBytes(StandardCharsets.UTF_8));
        requests.pipeInput("no-model", EXAMPLES.encode(request("no-model", null, v(1, 1), null)));
        requests.pipeInput("nan", EXAMPLES.encode(request("nan", MODEL, v(Float.NaN, 1), null)));
        requests.pipeInput("wide", EXAMPLES.encode(request("wide", MODEL, v(1, 1, 1), null)));
        Example textOnly =
                Example.newBuilder(request("text", MODEL, null, null)).setText("hello").build();
        requests.pipeInput("text", EXAMPLES.encode(textOnly));
        io.protoflow.schemas.Prediction good = score(v(1, 0));

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters)
                .extracting(DeadLetter::getErrorClass)
                .containsExactly(
                        "UNDECODABLE",
                        ExampleMapper.MISSING_MODEL_ID,
                        ExampleMapper.NON_FINITE,
                        ExampleMapper.DIMENSION_MISMATCH,
                        ExampleMapper.MISSING_FEATURES);
        DeadLetter garbage = letters.get(0);
        assertThat(garbage.getSourceTopic()).isEqualTo(Topics.INFERENCE_REQUESTS.name());
        assertThat(garbage.getSourceOffset()).isZero();
        assertThat(garbage.getJob()).isEqualTo(InferenceProcessor.JOB);
        assertThat(StandardCharsets.UTF_8.decode(garbage.getValue()).toString())
                .isEqualTo("not avro");
        assertThat(StandardCharsets.UTF_8.decode(garbage.getKey()).toString()).isEqualTo("garbage");
        assertThat(letters.get(3).getReason())
                .isEqualTo("request 'wide' has 3 features, model 'digits' version 1 expects 2");
        assertThat(letters.get(3).getModelId()).isEqualTo(MODEL);
        assertThat(good.getPredictedLabel()).isEqualTo("a");
        assertThat(predictions.isEmpty()).isTrue();
    }

    @Test
    void topicPrefixAppliesToEveryTopic() {
        start(ServingConfig.defaults().withTopicPrefix("tenant1."));
        publish(V1);
        assertThat(score(v(9, 0)).getPredictedLabel()).isEqualTo("b");
        assertThat(
                        ServingApp.buildTopology(ServingConfig.defaults().withTopicPrefix("t."))
                                .describe()
                                .toString())
                .contains("t.protoflow.inference-requests", "t.protoflow.model-snapshots")
                .doesNotContain(" protoflow.");
    }
}
