package io.protoflow.bench.search;

import io.protoflow.core.index.DocumentIndex;
import io.protoflow.core.index.IndexConfig;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.core.index.SearchRequest;
import io.protoflow.flink.documents.DocumentJob;
import io.protoflow.flink.documents.DocumentJobConfig;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.search.IndexUpdateApplier;
import io.protoflow.search.SearchService;
import io.protoflow.search.SearchServiceConfig;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The incremental protocol through Kafka: the collection is produced to the documents topic in
 * stages; the document job (real encoder, on a local MiniCluster) encodes it and writes index
 * updates; the search service applies them to its Lucene index; after each stage, once the service
 * has applied every update of the stage, all queries run against the service. After the last stage
 * the service's rankings are compared with an index built in one go from the same index updates
 * (read back from the compacted topic): equal lists mean staged indexing forgot nothing. They are
 * also compared with the in-process batch index, whose vectors were encoded in other batches.
 */
public final class KafkaStagedProtocol {

    private static final String INDEX = "cranfield";
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(15);

    private final PrintStream out;
    private final String model;
    private final int batch;
    private final int stages;

    /**
     * @param model encoder model id of the document job
     * @param batch the job's encoder batch size
     */
    public KafkaStagedProtocol(PrintStream out, String model, int batch, int stages) {
        this.out = out;
        this.model = model;
        this.batch = batch;
        this.stages = stages;
    }

    /**
     * Runs the protocol on an embedded broker.
     *
     * @param queryVectors the query vectors of every run, in query order
     * @param docVectors the in-process encoding of the documents, in file order
     * @param batchRuns the in-process batch-built index's runs, per mode
     */
    public void run(
            Cranfield collection,
            float[][] queryVectors,
            float[][] docVectors,
            Map<RetrievalMode, RetrievalRun> batchRuns)
            throws Exception {
        int dim = queryVectors[0].length;
        String prefix = "cranfield-kafka.";
        Path dir = Files.createTempDirectory("protoflow-cranfield-kafka");
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults())) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = broker.createAdmin()) {
                TopicAdmin.createIfMissing(
                        admin,
                        List.of(
                                Topics.DOCUMENTS,
                                Topics.INDEX_UPDATES,
                                Topics.DEAD_LETTERS,
                                Topics.SEARCH_QUERIES,
                                Topics.SEARCH_RESULTS),
                        prefix,
                        1,
                        (short) 1,
                        Duration.ofSeconds(60));
            }
            SearchServiceConfig serviceConfig =
                    SearchServiceConfig.of(bootstrap, INDEX, dir.resolve("index"))
                            .withTopicPrefix(prefix)
                            .withDimension(dim)
                            .withHttpPort(0);
            DocumentJobConfig jobConfig =
                    DocumentJobConfig.builder()
                            .jobName("cranfield-documents")
                            .topicPrefix(prefix)
                            .encoder(model, 256, 0)
                            .batching(batch, Duration.ofMillis(50), Duration.ofMinutes(10))
                            .checkpointInterval(Duration.ofMillis(500))
                            .build();
            Configuration flink = new Configuration();
            flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flink);
            try (SearchService service = SearchService.start(serviceConfig, null)) {
                JobClient job =
                        DocumentJob.onKafka(
                                        jobConfig,
                                        new KafkaSettings(
                                                bootstrap, prefix + "group", false, Map.of()))
                                .executeAsync(env);
                try {
                    staged(
                            collection,
                            queryVectors,
                            docVectors,
                            batchRuns,
                            service,
                            bootstrap,
                            prefix,
                            dim);
                } finally {
                    job.cancel().get(1, TimeUnit.MINUTES);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void staged(
            Cranfield collection,
            float[][] queryVectors,
            float[][] docVectors,
            Map<RetrievalMode, RetrievalRun> batchRuns,
            SearchService service,
            String bootstrap,
            String prefix,
            int dim)
            throws Exception {
        List<Cranfield.CranfieldDoc> docs = collection.documents();
        out.printf(
                Locale.ROOT,
                "%n### Incremental through Kafka: %d stages of file order, documents topic ->"
                        + " document job (%s, batches of %d) -> index-updates -> search service%n%n",
                stages,
                model,
                batch);
        out.println(
                "| stage | documents | bm25 nDCG@10 | dense nDCG@10 | hybrid nDCG@10 | hybrid"
                        + " Recall@100 | produce -> all searchable s | docs/s |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<RetrievalMode, RetrievalRun> last = new EnumMap<>(RetrievalMode.class);
        int expected = 0;
        int rejected = 0;
        for (int s = 0; s < stages; s++) {
            int from = s * docs.size() / stages;
            int to = (s + 1) * docs.size() / stages;
            List<Document> stage = new ArrayList<>();
            for (Cranfield.CranfieldDoc d : docs.subList(from, to)) {
                stage.add(CranfieldOnKafka.document(d, INDEX));
                if (d.text().isBlank()) {
                    rejected++; // the job dead-letters empty texts
                } else {
                    expected++;
                }
            }
            long t0 = System.nanoTime();
            CranfieldOnKafka.produce(bootstrap, prefix + Topics.DOCUMENTS.name(), stage);
            awaitApplied(service, expected);
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (RetrievalMode mode : RetrievalMode.values()) {
                last.put(mode, RetrievalRun.run(searcher(service), collection, queryVectors, mode));
            }
            out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |%n",
                    s + 1,
                    service.size(),
                    last.get(RetrievalMode.BM25).ndcg10(),
                    last.get(RetrievalMode.DENSE).ndcg10(),
                    last.get(RetrievalMode.HYBRID).ndcg10(),
                    last.get(RetrievalMode.HYBRID).recall100(),
                    seconds,
                    (to - from) / seconds);
        }

        List<ConsumerRecord<String, byte[]>> updates =
                CranfieldOnKafka.readAllCommitted(
                        bootstrap, prefix + Topics.INDEX_UPDATES.name(), Duration.ofMinutes(2));
        List<ConsumerRecord<String, byte[]>> dead =
                CranfieldOnKafka.readAllCommitted(
                        bootstrap, prefix + Topics.DEAD_LETTERS.name(), Duration.ofMinutes(2));
        out.printf(
                Locale.ROOT,
                "%n%d index updates on the topic for %d distinct ids (%d expected), %d dead"
                        + " letters (%d expected: %s)%n",
                updates.size(),
                updates.stream().map(ConsumerRecord::key).distinct().count(),
                expected,
                dead.size(),
                rejected,
                dead.stream()
                        .map(r -> Topics.DEAD_LETTERS.codec().decode(r.value()))
                        .map(DeadLetter::getReason)
                        .toList());
        vectorAgreement(updates, docs, docVectors);

        try (DocumentIndex batchIndex =
                DocumentIndex.open(new ByteBuffersDirectory(), IndexConfig.defaults(dim))) {
            IndexUpdateApplier applier =
                    new IndexUpdateApplier(
                            batchIndex, INDEX, DocumentMapper.DEFAULT_MAX_TEXT_BYTES);
            for (ConsumerRecord<String, byte[]> r : updates) {
                applier.apply(r);
            }
            batchIndex.commit(Map.of());
            batchIndex.refresh();
            out.println();
            out.println(
                    "Rankings (top 100) of the search service after the last stage, identical to:");
            out.println();
            out.println(
                    "| mode | index built in one go from the same updates | in-process batch index"
                            + " (own encoding, 1,400 docs) | nDCG@10 service / in-process |");
            out.println("|---|---:|---:|---:|");
            for (RetrievalMode mode : RetrievalMode.values()) {
                RetrievalRun oneGo = RetrievalRun.run(batchIndex, collection, queryVectors, mode);
                out.printf(
                        Locale.ROOT,
                        "| %s | %d / %d | %d / %d | %.3f / %.3f |%n",
                        mode.name().toLowerCase(Locale.ROOT),
                        last.get(mode).identicalRankings(oneGo),
                        collection.queries().size(),
                        last.get(mode).identicalRankings(batchRuns.get(mode)),
                        collection.queries().size(),
                        last.get(mode).ndcg10(),
                        batchRuns.get(mode).ndcg10());
            }
        }
    }

    /** How close the job's (batched, arrival-order) vectors are to the in-process encoding. */
    private void vectorAgreement(
            List<ConsumerRecord<String, byte[]>> updates,
            List<Cranfield.CranfieldDoc> docs,
            float[][] docVectors) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            position.put(docs.get(i).id(), i);
        }
        double min = 1;
        double sum = 0;
        for (ConsumerRecord<String, byte[]> r : updates) {
            IndexUpdate u = Topics.INDEX_UPDATES.codec().decode(r.value());
            float[] mine = docVectors[position.get(u.getId())];
            double dot = 0;
            for (int d = 0; d < mine.length; d++) {
                dot += mine[d] * u.getVector().get(d);
            }
            min = Math.min(min, dot);
            sum += dot;
        }
        out.printf(
                Locale.ROOT,
                "Cosine of the job's vectors to the in-process encoding: mean %.4f, min %.4f%n",
                sum / updates.size(),
                min);
    }

    private static Function<SearchRequest, List<IndexHit>> searcher(SearchService service) {
        return r -> service.search(r.text(), r.vector(), r.mode(), r.k(), r.topic(), r.filters());
    }

    private static void awaitApplied(SearchService service, int expected) {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (service.applied() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the search service applied "
                                + service.applied()
                                + " of "
                                + expected
                                + " updates in "
                                + STAGE_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
