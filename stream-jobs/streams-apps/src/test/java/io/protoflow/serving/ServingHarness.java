package io.protoflow.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.KafkaTestWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Drives a real serving app against the embedded broker: sends requests and snapshots, reads the
 * committed predictions in order with one long-lived {@code read_committed} consumer, waits on the
 * app's dashboard state instead of sleeping.
 */
final class ServingHarness implements AutoCloseable {

    static final String TOKEN = "it-admin-token-0123456789";
    private static final AvroCodec<Example> EXAMPLES = AvroCodec.of(Example.class);
    private static final AvroCodec<ModelSnapshot> SNAPSHOTS = AvroCodec.of(ModelSnapshot.class);
    private static final AvroCodec<Prediction> PREDICTIONS = AvroCodec.of(Prediction.class);

    final EmbeddedKafkaBroker broker;
    final String prefix;
    final String model;
    final Path stateDir;
    private final KafkaConsumer<String, byte[]> predictions;
    private final HttpClient http = HttpClient.newHttpClient();
    private int requests;

    ServingHarness(EmbeddedKafkaBroker broker, String prefix, String model) throws IOException {
        this.broker = broker;
        this.prefix = prefix;
        this.model = model;
        this.stateDir = Files.createTempDirectory("serving-it-");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        predictions = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    ServingSettings settings(int retainedVersions) {
        return ServingSettings.defaults(broker.bootstrapServers())
                .withServing(
                        ServingConfig.defaults()
                                .withTopicPrefix(prefix)
                                .withRetainedVersions(retainedVersions))
                .withApplication(prefix + "serving", stateDir)
                .withHttp(0, TOKEN);
    }

    /** Starts the app (creating its topics) and begins reading predictions from offset 0. */
    ServingApp start(ServingSettings settings) {
        ServingApp app = ServingApp.start(settings);
        if (predictions.assignment().isEmpty()) {
            TopicPartition tp = new TopicPartition(prefix + Topics.PREDICTIONS.name(), 0);
            predictions.assign(List.of(tp));
            predictions.seekToBeginning(List.of(tp));
        }
        return app;
    }

    void publish(ModelSnapshot snapshot) {
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                prefix + Topics.MODEL_SNAPSHOTS.name(),
                List.of(Map.entry(snapshot.getModelId(), SNAPSHOTS.encode(snapshot))));
    }

    /** Sends unlabelled requests for the features, in order; returns their ids. */
    List<String> send(List<float[]> features) {
        return send(features, null);
    }

    /** Sends requests for the features with one label (or none), in order; returns their ids. */
    List<String> send(List<float[]> features, String label) {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (float[] x : features) {
            String id = "req-" + (++requests);
            ids.add(id);
            records.add(
                    Map.entry(id, EXAMPLES.encode(ServingFixtures.request(id, model, x, label))));
        }
        KafkaTestWriter.send(
                broker.bootstrapServers(), prefix + Topics.INFERENCE_REQUESTS.name(), records);
        return ids;
    }

    void sendRaw(String key, byte[] value) {
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                prefix + Topics.INFERENCE_REQUESTS.name(),
                List.of(Map.entry(key, value)));
    }

    /** The next {@code count} committed predictions, in offset order. */
    List<Prediction> take(int count, Duration timeout) {
        List<Prediction> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "expected "
                                + count
                                + " more predictions within "
                                + timeout
                                + ", got "
                                + out.size());
            }
            for (ConsumerRecord<String, byte[]> r : predictions.poll(Duration.ofMillis(100))) {
                out.add(PREDICTIONS.decode(r.value()));
            }
        }
        assertThat(out).hasSize(count);
        return out;
    }

    /** Scores the features and returns their predictions. */
    List<Prediction> score(List<float[]> features) {
        List<String> ids = send(features);
        List<Prediction> out = take(ids.size(), Duration.ofSeconds(60));
        assertThat(out).extracting(Prediction::getExampleId).containsExactlyElementsOf(ids);
        return out;
    }

    /**
     * Sends batches of probe requests until one prediction satisfies {@code served}; returns every
     * prediction made on the way, in order. Bounded: fails after {@code maxBatches}.
     */
    List<Prediction> probeUntil(float[] probe, Predicate<Prediction> served, int maxBatches) {
        List<Prediction> all = new ArrayList<>();
        for (int i = 0; i < maxBatches; i++) {
            List<Prediction> batch = score(java.util.Collections.nCopies(5, probe));
            all.addAll(batch);
            if (batch.stream().anyMatch(served)) {
                return all;
            }
        }
        throw new AssertionError(
                "no prediction satisfied the condition in " + maxBatches + " batches");
    }

    /** Waits on the app's dashboard until its JSON document satisfies {@code condition}. */
    static void awaitDashboard(ServingApp app, Predicate<String> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = app.dashboard().changes();
        while (!condition.test(app.dashboard().toJson())) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError(
                        "dashboard did not reach the condition within "
                                + timeout
                                + ": "
                                + app.dashboard().toJson());
            }
            seen = app.dashboard().awaitChange(seen, left);
        }
    }

    HttpResponse<String> post(ServingApp app, String path, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(app.url() + path.substring(1)))
                        .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(ServingApp app, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(app.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        predictions.close();
    }
}
