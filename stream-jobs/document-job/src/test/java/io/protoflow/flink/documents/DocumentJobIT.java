package io.protoflow.flink.documents;

import static io.protoflow.flink.documents.TestDocuments.bytes;
import static io.protoflow.flink.documents.TestDocuments.delete;
import static io.protoflow.flink.documents.TestDocuments.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.search.SearchService;
import io.protoflow.search.SearchServiceConfig;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.TopicSpec;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document job with the real int8 MiniLM encoder on a Flink MiniCluster against the embedded
 * KRaft broker, and the chain documents -> job -> index updates -> search service.
 */
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class DocumentJobIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    () ->
                            new MiniClusterResourceConfiguration.Builder()
                                    .setNumberTaskManagers(1)
                                    .setNumberSlotsPerTaskManager(2)
                                    .setConfiguration(
                                            METRICS.addToConfiguration(new Configuration()))
                                    .build());

    // two topics for the prototypes: within each group cosine >= 0.36, across groups <= 0.08
    private static final String[] WINGS = {
        "Flutter of swept wings at transonic speeds in the wind tunnel.",
        "Oscillation of control surfaces of aircraft wings near the speed of sound.",
        "Turbulent boundary layer separation on an aircraft wing at high angle of attack."
    };
    private static final String[] BREAD = {
        "Baking sourdough bread in a home kitchen oven.",
        "A recipe for baking moist banana bread in the oven.",
        "Kneading and baking pizza dough in a hot oven."
    };

    /** The encoder the job runs, for the expected vectors: each text encoded alone. */
    private static OnnxSentenceEncoder reference;

    @BeforeAll
    static void openReferenceEncoder() {
        reference = OnnxSentenceEncoder.open();
    }

    @AfterAll
    static void closeReferenceEncoder() {
        reference.close();
    }

    private static DocumentJobConfig config(String prefix) {
        return DocumentJobConfig.builder()
                .jobName("it-documents")
                .topicPrefix(prefix)
                .batching(4, Duration.ofMillis(50), Duration.ofMinutes(2))
                .topics(0.25, 16)
                .limits(8192, 2000)
                .checkpointInterval(Duration.ofMillis(200))
                .build();
    }

    private static void createTopics(
            EmbeddedKafkaBroker broker, String prefix, List<TopicSpec<?>> topics) {
        try (Admin admin = broker.createAdmin()) {
            TopicAdmin.createIfMissing(admin, topics, prefix, 1, (short) 1, TIMEOUT);
        }
    }

    private static Map.Entry<String, byte[]> record(String key, byte[] value) {
        return new java.util.AbstractMap.SimpleEntry<>(key, value);
    }

    private static Map.Entry<String, byte[]> doc(Document d) {
        return record(d.getId(), bytes(d));
    }

    private static double cosine(List<Float> a, float[] b) {
        double dot = 0;
        for (int i = 0; i < b.length; i++) {
            dot += a.get(i) * b[i];
        }
        return dot;
    }

    private static long counted(JobID job, String name) {
        return METRICS.findMetrics(job, name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @Test
    void documentsBecomeIndexUpdatesWithVectorsAndTopicsAndBadRecordsBecomeDeadLetters(
            EmbeddedKafkaBroker broker) throws Exception {
        String prefix = "it-docjob-flow.";
        createTopics(
                broker,
                prefix,
                List.of(Topics.DOCUMENTS, Topics.INDEX_UPDATES, Topics.DEAD_LETTERS));
        String updatedWing = "Flutter and divergence of swept wings at transonic speeds.";
        List<Map.Entry<String, byte[]>> input = new ArrayList<>();
        input.add(doc(upsert("w1", "docs", "Wing flutter", WINGS[0]))); // 0
        input.add(doc(upsert("b1", "docs", null, BREAD[0]))); // 1
        input.add(doc(upsert("w2", "docs", null, WINGS[1]))); // 2
        input.add(doc(upsert("b2", "docs", null, BREAD[1]))); // 3
        input.add(record("junk", "not avro".getBytes(StandardCharsets.UTF_8))); // 4
        input.add(doc(upsert("w3", "docs", null, WINGS[2]))); // 5
        input.add(doc(upsert("b3", "docs", null, BREAD[2]))); // 6
        input.add(doc(upsert("", "docs", null, "no id"))); // 7
        input.add(doc(upsert("e1", "docs", null, "   "))); // 8
        input.add(record("u1", DecodeDocumentsTest.withInvalidUtf8("u1"))); // 9
        input.add(doc(upsert("big", "docs", null, "x".repeat(2500)))); // 10
        input.add(doc(upsert("w1", "docs", "Wing flutter", updatedWing))); // 11: replaces w1
        input.add(doc(delete("b3", "docs"))); // 12
        input.add(record("b2", null)); // 13: tombstone
        input.add(doc(upsert("n1", "notes", null, BREAD[1]))); // 14: another collection
        // a compacted topic refuses records without a key: an empty key is what can arrive
        input.add(record("", null)); // 15: tombstone without a document id
        KafkaTestWriter.send(broker.bootstrapServers(), prefix + Topics.DOCUMENTS.name(), input);

        JobExecutionResult result =
                DocumentJob.onKafka(
                                config(prefix),
                                new KafkaSettings(
                                        broker.bootstrapServers(),
                                        prefix + "group",
                                        true,
                                        Map.of()))
                        .execute();

        List<ConsumerRecord<String, IndexUpdate>> updates =
                KafkaTestReader.readAllCommitted(
                        broker.bootstrapServers(),
                        prefix + Topics.INDEX_UPDATES.name(),
                        Topics.INDEX_UPDATES.codec()::decode,
                        Duration.ofMillis(300),
                        TIMEOUT);
        assertThat(updates)
                .extracting(ConsumerRecord::key)
                .containsExactly("w1", "b1", "w2", "b2", "w3", "b3", "w1", "b3", "b3", "b2", "n1");
        assertThat(updates)
                .extracting(r -> r.value() == null ? "tombstone" : r.value().getOp().name())
                .containsExactly(
                        "UPSERT",
                        "UPSERT",
                        "UPSERT",
                        "UPSERT",
                        "UPSERT",
                        "UPSERT",
                        "UPSERT",
                        "DELETE",
                        "tombstone",
                        "tombstone",
                        "UPSERT");
        List<IndexUpdate> upserts =
                updates.stream()
                        .map(ConsumerRecord::value)
                        .filter(u -> u != null && u.getOp() == DocumentOp.UPSERT)
                        .toList();
        // wings are topic 0, bread topic 1; the other collection has prototypes of its own
        assertThat(upserts)
                .extracting(IndexUpdate::getTopicId)
                .containsExactly(0, 1, 0, 1, 0, 1, 0, 0);
        String[] texts = {
            "Wing flutter\n" + WINGS[0],
            BREAD[0],
            WINGS[1],
            BREAD[1],
            WINGS[2],
            BREAD[2],
            "Wing flutter\n" + updatedWing,
            BREAD[1]
        };
        float[][] alone = new float[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            alone[i] = reference.encode(texts[i]);
        }
        for (int i = 0; i < upserts.size(); i++) {
            IndexUpdate u = upserts.get(i);
            assertThat(u.getEncoderId()).isEqualTo("all-minilm-l6-v2-q");
            assertThat(u.getVector()).hasSize(384);
            // int8 activations are quantised per batch tensor and padded to the longest text:
            // batched vectors are close to the text's own, not equal (a short text among long
            // ones was seen at 0.984)
            assertThat(cosine(u.getVector(), alone[i]))
                    .as("cosine of %s", u.getId())
                    .isGreaterThan(0.97);
        }
        assertThat(upserts.get(6).getText()).isEqualTo(updatedWing);
        assertThat(upserts.get(7).getIndex()).isEqualTo("notes");
        assertThat(upserts.get(0).getTitle()).isEqualTo("Wing flutter");
        assertThat(upserts.get(0).getFields()).containsEntry("source", "test");

        List<DeadLetter> dead =
                KafkaTestReader.readAllCommitted(
                                broker.bootstrapServers(),
                                prefix + Topics.DEAD_LETTERS.name(),
                                Topics.DEAD_LETTERS.codec()::decode,
                                Duration.ofMillis(300),
                                TIMEOUT)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        assertThat(dead)
                .extracting(DeadLetter::getSourceOffset)
                .containsExactly(4L, 7L, 8L, 9L, 10L, 15L);
        assertThat(dead)
                .extracting(DeadLetter::getErrorClass)
                .containsExactly(
                        "UNDECODABLE",
                        ExampleMapper.MISSING_ID,
                        DocumentMapper.INVALID_TEXT,
                        DocumentMapper.INVALID_TEXT,
                        ExampleMapper.OVERSIZED,
                        ExampleMapper.MISSING_ID);
        assertThat(dead.get(3).getReason())
                .isEqualTo("document 'u1': invalid UTF-8 (U+FFFD at char 16)");
        assertThat(dead.get(4).getReason())
                .isEqualTo("document 'big': title and text are 2500 bytes of UTF-8, limit 2000");
        assertThat(dead).allSatisfy(d -> assertThat(d.getJob()).isEqualTo("it-documents"));

        JobID job = result.getJobID();
        assertThat(counted(job, "documentsIn")).isEqualTo(16);
        assertThat(counted(job, "deadLetters")).isEqualTo(6);
        assertThat(counted(job, "textsEncoded")).isEqualTo(8);
        assertThat(counted(job, "upserts")).isEqualTo(8);
        assertThat(counted(job, "deletes")).isEqualTo(2);
        assertThat(counted(job, "topicsCreated")).isEqualTo(3);
    }

    @Test
    void searchServiceFindsADocumentProducedToTheDocumentsTopic(
            EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        String prefix = "it-docjob-chain.";
        createTopics(
                broker,
                prefix,
                List.of(
                        Topics.DOCUMENTS,
                        Topics.INDEX_UPDATES,
                        Topics.DEAD_LETTERS,
                        Topics.SEARCH_QUERIES,
                        Topics.SEARCH_RESULTS));
        String documents = prefix + Topics.DOCUMENTS.name();
        SearchServiceConfig searchConfig =
                SearchServiceConfig.of(broker.bootstrapServers(), "docs", tmp.resolve("index"))
                        .withTopicPrefix(prefix)
                        .withHttpPort(0)
                        .withCommitInterval(Duration.ofHours(1));
        JobClient job = null;
        try (SearchService search = SearchService.start(searchConfig, null)) {
            job =
                    DocumentJob.onKafka(
                                    config(prefix),
                                    new KafkaSettings(
                                            broker.bootstrapServers(),
                                            prefix + "group",
                                            false,
                                            Map.of()))
                            .executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());

            KafkaTestWriter.send(
                    broker.bootstrapServers(),
                    documents,
                    List.of(doc(upsert("c1", "docs", "Wing flutter", WINGS[0]))));
            await(() -> hits(search, "q=flutter&mode=bm25").size() == 1, "c1 searchable");

            // warm now: time one more document from produce to searchable over HTTP
            long t0 = System.nanoTime();
            KafkaTestWriter.send(
                    broker.bootstrapServers(),
                    documents,
                    List.of(doc(upsert("c2", "docs", null, BREAD[0]))));
            await(() -> hits(search, "q=sourdough&mode=bm25").size() == 1, "c2 searchable");
            System.out.printf(
                    "document job + search service: produce -> searchable over HTTP in %.0f ms"
                            + " (batch wait 50 ms, checkpoint interval 200 ms, encoding included)%n",
                    (System.nanoTime() - t0) / 1e6);

            JsonNode c1 = hits(search, "q=flutter&mode=bm25").get(0);
            assertThat(c1.get("id").asText()).isEqualTo("c1");
            assertThat(c1.get("topic").asInt()).isZero();
            assertThat(
                            hits(
                                    search,
                                    "q="
                                            + URLEncoder.encode(
                                                    "flutter oven", StandardCharsets.UTF_8)
                                            + "&mode=bm25&topic=1"))
                    .extracting(h -> h.get("id").asText())
                    .containsExactly("c2");
            List<IndexHit> dense =
                    search.search(
                            null,
                            reference.encode("wing flutter"),
                            RetrievalMode.DENSE,
                            2,
                            null,
                            Map.of());
            assertThat(dense).extracting(IndexHit::id).containsExactly("c1", "c2");

            KafkaTestWriter.send(
                    broker.bootstrapServers(), documents, List.of(doc(delete("c1", "docs"))));
            await(() -> hits(search, "q=flutter&mode=bm25").isEmpty(), "c1 deleted");
            assertThat(search.size()).isEqualTo(1);
        } finally {
            if (job != null) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    private static List<JsonNode> hits(SearchService service, String query) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + service.httpPort()
                                                            + "/search?"
                                                            + query))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<JsonNode> hits = new ArrayList<>();
            JSON.readTree(response.body()).get("hits").forEach(hits::add);
            return hits;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
