package io.protoflow.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.schemas.SearchMode;
import io.protoflow.schemas.SearchQuery;
import io.protoflow.schemas.SearchResults;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import io.protoflow.testing.EmbeddedKafkaExtension;
import io.protoflow.testing.KafkaTestReader;
import io.protoflow.testing.KafkaTestWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedKafkaExtension.class)
class SearchServiceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static IndexUpdate upsert(String id, String index, String text, float[] vector) {
        List<Float> v = null;
        if (vector != null) {
            v = new ArrayList<>();
            for (float x : vector) {
                v.add(x);
            }
        }
        return IndexUpdate.newBuilder()
                .setId(id)
                .setOp(DocumentOp.UPSERT)
                .setIndex(index)
                .setTitle(id.toUpperCase())
                .setText(text)
                .setFields(Map.of("lang", "en"))
                .setVector(v)
                .setEncoderId("keyword-test")
                .setTopicId(null)
                .setSourceEventTime(Instant.ofEpochMilli(1))
                .setEncodedAt(Instant.ofEpochMilli(2))
                .build();
    }

    private static IndexUpdate upsert(String id, String text) {
        return upsert(id, "docs", text, KeywordEncoder.vector(text));
    }

    private static IndexUpdate delete(String id) {
        return IndexUpdate.newBuilder(upsert(id, "gone"))
                .setOp(DocumentOp.DELETE)
                .setText(null)
                .setVector(null)
                .build();
    }

    private static Map.Entry<String, byte[]> entry(String key, IndexUpdate u) {
        return new AbstractMap.SimpleEntry<>(key, Topics.INDEX_UPDATES.codec().encode(u));
    }

    private static Map.Entry<String, byte[]> raw(String key, byte[] value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }

    private static void createTopics(EmbeddedKafkaBroker broker, String prefix) {
        try (Admin admin = broker.createAdmin()) {
            TopicAdmin.createIfMissing(
                    admin,
                    List.of(
                            Topics.INDEX_UPDATES,
                            Topics.SEARCH_QUERIES,
                            Topics.SEARCH_RESULTS,
                            Topics.DEAD_LETTERS),
                    prefix,
                    1,
                    (short) 1,
                    TIMEOUT);
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

    private static JsonNode get(SearchService service, String pathAndQuery)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + service.httpPort()
                                                        + pathAndQuery))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body)
                .put("httpStatus", response.statusCode());
        return body;
    }

    private static List<String> hitIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("hits").forEach(h -> ids.add(h.get("id").asText()));
        return ids;
    }

    private static SearchServiceConfig config(
            EmbeddedKafkaBroker broker, String prefix, Path indexDir) {
        return SearchServiceConfig.of(broker.bootstrapServers(), "docs", indexDir)
                .withTopicPrefix(prefix)
                .withDimension(4)
                .withHttpPort(0)
                .withMaxTextBytes(200)
                // commits happen on close only, so abort() loses everything since the last start
                .withCommitInterval(Duration.ofHours(1));
    }

    @Test
    void indexesAnswersDeadLettersAndRecoversWithoutLossOrDuplicates(
            EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        String prefix = "search-it-recovery-";
        createTopics(broker, prefix);
        String updates = prefix + Topics.INDEX_UPDATES.name();
        Path indexDir = tmp.resolve("index");
        SearchServiceConfig config = config(broker, prefix, indexDir);
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                updates,
                List.of(
                        entry("d1", upsert("d1", "wing flutter")),
                        entry("d2", upsert("d2", "shock tube")),
                        entry("d3", upsert("d3", "nozzle flow")),
                        entry(
                                "o1",
                                upsert(
                                        "o1",
                                        "other",
                                        "wing flutter",
                                        KeywordEncoder.vector("wing"))),
                        entry("d1", upsert("d1", "wing flutter at transonic speed")),
                        raw("junk", "not avro".getBytes(StandardCharsets.UTF_8)),
                        entry("e1", upsert("e1", "  ")),
                        entry("", upsert("", "wing")),
                        entry("w1", upsert("w1", "docs", "wing", new float[] {1, 0})),
                        entry("big", upsert("big", "x".repeat(300)))));

        // 1. first start: everything applied or dead-lettered, searchable over HTTP and Kafka
        try (SearchService service = SearchService.start(config, new KeywordEncoder())) {
            await(() -> service.applied() + service.rejected() == 10, "10 records processed");
            assertThat(service.applied()).isEqualTo(5);
            assertThat(service.rejected()).isEqualTo(5);
            assertThat(service.size()).isEqualTo(3);

            JsonNode bm25 = get(service, "/search?q=transonic&mode=bm25");
            assertThat(hitIds(bm25)).containsExactly("d1");
            assertThat(bm25.get("hits").get(0).get("title").asText()).isEqualTo("D1");
            assertThat(bm25.get("hits").get(0).get("fields").get("lang").asText()).isEqualTo("en");
            assertThat(hitIds(get(service, "/search?q=shock&mode=dense&k=1")))
                    .containsExactly("d2");
            assertThat(
                            hitIds(
                                            get(
                                                    service,
                                                    "/search?q="
                                                            + URLEncoder.encode(
                                                                    "nozzle flow",
                                                                    StandardCharsets.UTF_8)
                                                            + "&mode=hybrid&k=3"))
                                    .get(0))
                    .isEqualTo("d3");
            JsonNode bad = get(service, "/search?q=wing&mode=fuzzy");
            assertThat(bad.get("httpStatus").asInt()).isEqualTo(400);
            assertThat(bad.get("error").asText())
                    .isEqualTo("mode must be bm25, dense or hybrid, got fuzzy");
            assertThat(get(service, "/health").get("docs").asInt()).isEqualTo(3);
            String metrics =
                    HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + service.httpPort()
                                                                    + "/metrics"))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics)
                    .contains("protoflow_search_updates_applied_total 5.0")
                    .contains("protoflow_search_updates_rejected_total 5.0")
                    .contains("protoflow_search_documents 3.0");

            SearchQuery query =
                    SearchQuery.newBuilder()
                            .setQueryId("q1")
                            .setIndex("docs")
                            .setText("wing")
                            .setVector(null)
                            .setMode(SearchMode.HYBRID)
                            .setK(2)
                            .setFilters(Map.of("lang", "en"))
                            .setIssuedAt(Instant.ofEpochMilli(3))
                            .build();
            SearchQuery unknown =
                    SearchQuery.newBuilder(query).setQueryId("q2").setIndex("nope").build();
            KafkaTestWriter.send(
                    broker.bootstrapServers(),
                    prefix + Topics.SEARCH_QUERIES.name(),
                    List.of(
                            new AbstractMap.SimpleEntry<>(
                                    "q1", Topics.SEARCH_QUERIES.codec().encode(query)),
                            new AbstractMap.SimpleEntry<>(
                                    "q2", Topics.SEARCH_QUERIES.codec().encode(unknown))));
            List<ConsumerRecord<String, SearchResults>> results =
                    KafkaTestReader.readCommitted(
                            broker.bootstrapServers(),
                            prefix + Topics.SEARCH_RESULTS.name(),
                            Topics.SEARCH_RESULTS.codec()::decode,
                            2,
                            TIMEOUT);
            SearchResults q1 =
                    results.stream()
                            .filter(r -> r.key().equals("q1"))
                            .findFirst()
                            .orElseThrow()
                            .value();
            assertThat(q1.getError()).isNull();
            assertThat(q1.getHits().get(0).getDocId()).isEqualTo("d1");
            assertThat(q1.getHits()).hasSize(2);
            assertThat(q1.getTotalDocs()).isEqualTo(3);
            SearchResults q2 =
                    results.stream()
                            .filter(r -> r.key().equals("q2"))
                            .findFirst()
                            .orElseThrow()
                            .value();
            assertThat(q2.getError()).isEqualTo("unknown index nope, this service serves docs");
        }
        List<DeadLetter> letters =
                KafkaTestReader.readCommitted(
                                broker.bootstrapServers(),
                                prefix + Topics.DEAD_LETTERS.name(),
                                Topics.DEAD_LETTERS.codec()::decode,
                                5,
                                TIMEOUT)
                        .stream()
                        .map(ConsumerRecord::value)
                        .toList();
        assertThat(letters)
                .extracting(DeadLetter::getErrorClass)
                .containsExactly(
                        "UNDECODABLE",
                        "INVALID_TEXT",
                        ExampleMapper.MISSING_ID,
                        ExampleMapper.DIMENSION_MISMATCH,
                        ExampleMapper.OVERSIZED);
        assertThat(letters.get(1).getReason()).isEqualTo("document 'e1': empty text (got '  ')");
        assertThat(letters.get(4).getSourceOffset()).isEqualTo(9);

        // 2. restart after a clean stop: resumes after the committed offsets, reads only new
        // records
        KafkaTestWriter.send(
                broker.bootstrapServers(),
                updates,
                List.of(entry("d4", upsert("d4", "heat transfer")), entry("d2", delete("d2"))));
        SearchService second = SearchService.start(config, new KeywordEncoder());
        await(() -> second.applied() == 2, "2 new records applied");
        assertThat(second.size()).isEqualTo(3);
        // then a crash: the two updates were searchable but never committed
        second.abort();

        // 3. restart after the crash: the uncommitted updates are read again, once each
        try (SearchService third = SearchService.start(config, new KeywordEncoder())) {
            assertThat(third.size()).isEqualTo(3);
            await(() -> third.applied() == 2, "2 replayed records applied");
            assertThat(third.size()).isEqualTo(3);
            assertThat(third.rejected()).isZero();
            assertThat(hitIds(get(third, "/search?q=heat&mode=bm25"))).containsExactly("d4");
            assertThat(get(third, "/search?q=shock&mode=bm25").get("hits")).isEmpty();
        }

        // 4. lost index directory: the compacted topic is replayed from the beginning
        try (Stream<Path> files = Files.walk(indexDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (SearchService fourth = SearchService.start(config, new KeywordEncoder())) {
            await(() -> fourth.applied() + fourth.rejected() == 12, "whole topic replayed");
            assertThat(fourth.size()).isEqualTo(3);
            assertThat(hitIds(get(fourth, "/search?q=wing&mode=bm25"))).containsExactly("d1");
        }
    }

    @Test
    void documentsBecomeSearchableWithinASecondOfBeingProduced(
            EmbeddedKafkaBroker broker, @TempDir Path tmp) throws Exception {
        String prefix = "search-it-freshness-";
        createTopics(broker, prefix);
        SearchServiceConfig config =
                config(broker, prefix, tmp.resolve("index"))
                        .withCommitInterval(Duration.ofSeconds(1));
        int n = 100;
        double[] millis = new double[n];
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (SearchService service = SearchService.start(config, new KeywordEncoder());
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String marker = "zqfresh" + i;
                Map.Entry<String, byte[]> record =
                        entry("f" + i, upsert("f" + i, "wing " + marker));
                // a long-lived producer, as a real document source has: time from send only
                long t0 = System.nanoTime();
                producer.send(
                        new ProducerRecord<>(
                                prefix + Topics.INDEX_UPDATES.name(),
                                record.getKey(),
                                record.getValue()));
                producer.flush();
                await(
                        () -> {
                            try {
                                return !get(service, "/search?q=" + marker + "&mode=bm25")
                                        .get("hits")
                                        .isEmpty();
                            } catch (IOException | InterruptedException e) {
                                throw new AssertionError(e);
                            }
                        },
                        marker + " searchable");
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(millis);
        double p50 = millis[n / 2 - 1];
        double p99 = millis[(int) Math.ceil(0.99 * n) - 1];
        System.out.printf(
                "freshness produce -> searchable over HTTP, %d documents: p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n",
                n, p50, p99, millis[n - 1]);
        assertThat(p50).isLessThan(1000);
    }
}
