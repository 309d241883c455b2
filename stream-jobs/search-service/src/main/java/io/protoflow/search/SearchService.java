package io.protoflow.search;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protoflow.core.index.DocumentIndex;
import io.protoflow.core.index.IndexConfig;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.core.index.SearchRequest;
import io.protoflow.encoder.TextEncoder;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.SearchQuery;
import io.protoflow.schemas.SearchResults;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search service: one thread applies the index-update topic to a {@link DocumentIndex} and
 * refreshes it after every poll (near-real-time); one thread answers the search-queries topic on
 * search-results; an HTTP server on 127.0.0.1 answers {@code GET /search} and {@code GET /health}
 * in JSON.
 *
 * <p><b>Recovery.</b> The update consumer is assigned every partition (no consumer group) and never
 * commits to Kafka. Instead, every {@code commitInterval} (and on {@link #close()}) the index is
 * committed with the next offset of each partition in the same Lucene commit. On start the service
 * reopens the index at that commit and seeks to those offsets, so every update is either in the
 * committed index or read again; since upserts and deletes replace by id, reading an update again
 * cannot duplicate a document. Without an index directory (a new machine) there are no offsets and
 * the service replays the compacted topic from the beginning. Dead letters are produced at least
 * once: a record rejected after the last commit is rejected again on replay.
 */
public final class SearchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String OFFSET_PREFIX = "offset.";

    private final SearchServiceConfig config;
    private final TextEncoder encoder;
    private final DocumentIndex index;
    private final IndexUpdateApplier applier;
    private final String updatesTopic;
    private final KafkaConsumer<String, byte[]> updates;
    private final KafkaConsumer<String, byte[]> queries;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpServer http;
    private final PrometheusMeterRegistry metrics;
    private final ExecutorService httpThreads;
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final Thread updateThread;
    private final Thread queryThread;
    private volatile boolean running = true;
    private volatile boolean commitOnStop = true;

    private SearchService(SearchServiceConfig config, TextEncoder encoder) throws IOException {
        this.config = config;
        this.encoder = encoder;
        this.index =
                DocumentIndex.open(
                        FSDirectory.open(config.indexDir()),
                        IndexConfig.defaults(config.dimension()));
        this.applier = new IndexUpdateApplier(index, config.indexName(), config.maxTextBytes());
        this.updatesTopic = config.topicPrefix() + Topics.INDEX_UPDATES.name();
        this.updates = consumer(null);
        this.queries = consumer(config.queryGroupId());
        this.producer = producer();
        this.http =
                HttpServer.create(
                        new InetSocketAddress(config.bindAddress(), config.httpPort()), 0);
        this.httpThreads = Executors.newFixedThreadPool(2);
        http.setExecutor(httpThreads);
        SearchHttpHandler handler = new SearchHttpHandler(this);
        http.createContext("/search", handler::search);
        http.createContext("/health", handler::health);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // names follow the serving app's protoflow_<app>_* scheme (ops/README.md lists them)
        FunctionCounter.builder("protoflow.search.updates.applied", applied, AtomicLong::get)
                .description("index updates applied (upserts and deletes)")
                .register(metrics);
        FunctionCounter.builder("protoflow.search.updates.rejected", rejected, AtomicLong::get)
                .description("index updates sent to dead letters")
                .register(metrics);
        FunctionCounter.builder("protoflow.search.queries.answered", answered, AtomicLong::get)
                .description("queries answered over Kafka")
                .register(metrics);
        Gauge.builder("protoflow.search.documents", index, DocumentIndex::size)
                .description("documents in the index")
                .register(metrics);
        http.createContext("/metrics", this::scrape);
        this.updateThread = new Thread(this::applyUpdates, "search-index-updates");
        this.queryThread = new Thread(this::answerQueries, "search-queries");
    }

    /** Serves the Prometheus text exposition of {@link #metrics}. */
    private void scrape(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body = metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Opens the index, seeks to its committed offsets and starts consuming and serving.
     *
     * @param encoder encodes query texts for dense and hybrid queries without a vector; may be
     *     null, then such queries are answered with an error
     */
    public static SearchService start(SearchServiceConfig config, TextEncoder encoder) {
        if (encoder != null && encoder.dimension() != config.dimension()) {
            throw new IllegalArgumentException(
                    "encoder "
                            + encoder.id()
                            + " has dimension "
                            + encoder.dimension()
                            + ", index expects "
                            + config.dimension());
        }
        SearchService service;
        try {
            service = new SearchService(config, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the search service", e);
        }
        service.seekToCommitted();
        service.http.start();
        service.updateThread.start();
        service.queryThread.start();
        LOG.info(
                "search service on http://{}:{}, {} documents, resuming {} at {}",
                config.bindAddress(),
                service.httpPort(),
                service.index.size(),
                service.updatesTopic,
                service.nextOffsets);
        return service;
    }

    /** The port the HTTP endpoint listens on. */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** Documents visible to searches. */
    public int size() {
        return index.size();
    }

    /** Records applied (upserts, deletes, skips) and visible to searches, since start. */
    public long applied() {
        return applied.get();
    }

    /** Records sent to the dead-letter topic since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Queries answered on the results topic since start. */
    public long answered() {
        return answered.get();
    }

    /** The collection served. */
    public String indexName() {
        return config.indexName();
    }

    /**
     * Searches the index; encodes {@code text} when a dense or hybrid query has no vector.
     *
     * @throws IllegalArgumentException for an unusable query, naming the problem
     */
    public List<IndexHit> search(
            String text,
            float[] vector,
            RetrievalMode mode,
            int k,
            Integer topic,
            Map<String, String> filters) {
        float[] v = vector;
        if (v == null && mode != RetrievalMode.BM25) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "mode " + mode + " needs a query text or vector");
            }
            if (encoder == null) {
                throw new IllegalArgumentException(
                        "mode " + mode + " without a vector needs an encoder; none is configured");
            }
            v = encoder.encode(text);
        }
        return index.search(new SearchRequest(text, v, mode, k, topic, filters));
    }

    private KafkaConsumer<String, byte[]> consumer(String groupId) {
        Properties p = new Properties();
        // security and other client settings first: the service's own settings win
        p.putAll(config.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        if (groupId == null) {
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "protoflow-search-updates");
        } else {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "protoflow-search-queries");
        }
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.putAll(config.kafkaProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "protoflow-search");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void seekToCommitted() {
        List<PartitionInfo> infos = null;
        for (int attempt = 0; attempt < 100 && (infos == null || infos.isEmpty()); attempt++) {
            infos = updates.partitionsFor(updatesTopic, Duration.ofSeconds(5));
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + updatesTopic + " has no partitions");
        }
        List<TopicPartition> partitions =
                infos.stream().map(i -> new TopicPartition(updatesTopic, i.partition())).toList();
        updates.assign(partitions);
        Map<String, String> committed = index.committedData();
        for (TopicPartition tp : partitions) {
            String offset = committed.get(offsetKey(tp));
            if (offset == null) {
                updates.seekToBeginning(List.of(tp));
            } else {
                long next = Long.parseLong(offset);
                updates.seek(tp, next);
                nextOffsets.put(tp, next);
            }
        }
    }

    private static String offsetKey(TopicPartition tp) {
        return OFFSET_PREFIX + tp.topic() + "-" + tp.partition();
    }

    private void applyUpdates() {
        long lastCommit = System.nanoTime();
        boolean dirty = false;
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = updates.poll(POLL);
                long ok = 0;
                long bad = 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    IndexUpdateApplier.Result result = applier.apply(record);
                    result.deadLetter().ifPresent(this::sendDeadLetter);
                    if (result.outcome() == IndexUpdateApplier.Outcome.REJECTED) {
                        bad++;
                    } else {
                        ok++;
                    }
                    nextOffsets.put(
                            new TopicPartition(record.topic(), record.partition()),
                            record.offset() + 1);
                    dirty = true;
                }
                if (!records.isEmpty()) {
                    index.refresh();
                    // counted once searchable, so "applied" means visible to queries
                    applied.addAndGet(ok);
                    rejected.addAndGet(bad);
                }
                if (dirty && System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
                    commit();
                    dirty = false;
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            LOG.error("index-update consumer stopped", e);
        }
        if (commitOnStop && dirty) {
            commit();
        }
    }

    private void commit() {
        Map<String, String> data = new HashMap<>();
        nextOffsets.forEach((tp, next) -> data.put(offsetKey(tp), Long.toString(next)));
        // dead letters must be durable before the offsets that skip their records
        producer.flush();
        index.commit(data);
    }

    private void sendDeadLetter(DeadLetter letter) {
        producer.send(
                new ProducerRecord<>(
                        config.topicPrefix() + Topics.DEAD_LETTERS.name(),
                        DeadLetters.key(letter),
                        Topics.DEAD_LETTERS.codec().encode(letter)));
    }

    private void answerQueries() {
        String topic = config.topicPrefix() + Topics.SEARCH_QUERIES.name();
        try {
            queries.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : queries.poll(POLL)) {
                    answer(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            LOG.error("search-queries consumer stopped", e);
        }
    }

    private void answer(ConsumerRecord<String, byte[]> record) {
        SearchQuery query;
        try {
            query = Topics.SEARCH_QUERIES.codec().decode(record.value());
        } catch (BadRecordException e) {
            rejected.incrementAndGet();
            sendDeadLetter(
                    DeadLetters.of(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.timestamp(),
                            record.key() == null
                                    ? null
                                    : record.key().getBytes(StandardCharsets.UTF_8),
                            record.value(),
                            e.errorClass(),
                            e.getMessage(),
                            "decode",
                            IndexUpdateApplier.JOB,
                            null,
                            System.currentTimeMillis()));
            return;
        }
        SearchResults results;
        long t0 = System.nanoTime();
        if (!config.indexName().equals(query.getIndex())) {
            results =
                    SearchMapper.error(
                            query,
                            "unknown index "
                                    + query.getIndex()
                                    + ", this service serves "
                                    + config.indexName(),
                            index.size(),
                            System.currentTimeMillis());
        } else {
            try {
                Map<String, String> filters = new HashMap<>(query.getFilters());
                String topicFilter = filters.remove(SearchMapper.TOPIC_FILTER);
                List<IndexHit> hits =
                        search(
                                query.getText(),
                                SearchMapper.vector(query),
                                SearchMapper.mode(query.getMode()),
                                query.getK(),
                                topicFilter == null ? null : Integer.valueOf(topicFilter),
                                filters);
                results =
                        SearchMapper.results(
                                query,
                                hits,
                                index.size(),
                                (System.nanoTime() - t0) / 1000,
                                System.currentTimeMillis());
            } catch (IllegalArgumentException e) {
                results =
                        SearchMapper.error(
                                query, e.getMessage(), index.size(), System.currentTimeMillis());
            }
        }
        producer.send(
                new ProducerRecord<>(
                        config.topicPrefix() + Topics.SEARCH_RESULTS.name(),
                        query.getQueryId(),
                        Topics.SEARCH_RESULTS.codec().encode(results)));
        answered.incrementAndGet();
    }

    /** Stops consuming, commits what was applied with its offsets, and releases everything. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Stops as a crash would, as far as the index goes: updates applied since the last commit are
     * discarded, so the next start replays them. For tests of recovery.
     */
    void abort() {
        commitOnStop = false;
        stop();
    }

    private void stop() {
        running = false;
        updates.wakeup();
        queries.wakeup();
        try {
            updateThread.join();
            queryThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        httpThreads.shutdownNow();
        updates.close();
        queries.close();
        producer.close();
        index.close();
    }
}
