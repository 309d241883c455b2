package io.protoflow.bench.e2e;

import io.protoflow.bench.search.Cranfield;
import io.protoflow.bench.search.CranfieldOnKafka;
import io.protoflow.encoder.EncoderConfig;
import io.protoflow.encoder.EncoderModel;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.flink.documents.DocumentJob;
import io.protoflow.flink.documents.DocumentJobConfig;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.Document;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sentences/s of the document job (batched encoding inside Flink, Kafka in and out) against a bare
 * DJL loop on the same model, in the same process, back to back, on the Cranfield abstracts (issue
 * #6).
 *
 * <p>The machine is shared, so its load drifts by a factor of two within minutes. To compare like
 * with like, the two alternate in short rounds over the same texts: the collection ({@code title +
 * "\n" + text}, file order, cycled for {@code --passes}) is cut into chunks of {@code
 * --chunk-batches} batches of {@code --batch} texts; each chunk is encoded by the bare loop and by
 * the running job, one right after the other, the loop first in even chunks and second in odd ones.
 * Both sides are warm (model loaded, first calls done) and run with their own encoder, whose ONNX
 * Runtime uses every core; the job runs at parallelism 1, so it has one encoder too.
 *
 * <p>Both rates count the same way, from the end of a chunk's first batch to the end of its last
 * (so neither includes the wait for the first batch): for the loop, the clock around its {@code
 * encode} calls; for the job, the send timestamps of its index updates (the sink's producer stamps
 * each record when the sink writes it, before the transaction commits). A chunk reaches the job
 * through the documents topic all at once, as a backlog would.
 */
@Command(
        name = "document-job-bench",
        mixinStandardHelpOptions = true,
        description = "Document job throughput vs a bare DJL loop on the same model (issue #6).",
        sortOptions = false)
public final class DocumentJobBench implements Callable<Integer> {

    @Option(names = "--data", description = "Cranfield directory (default: the bundled copy)")
    Path data;

    @Option(names = "--model", defaultValue = "all-minilm-l6-v2-q", description = "encoder model")
    String model;

    @Option(names = "--batch", defaultValue = "32", description = "texts per encoder call")
    int batch;

    @Option(
            names = "--chunk-batches",
            defaultValue = "10",
            description = "batches per chunk, each side")
    int chunkBatches;

    @Option(
            names = "--passes",
            defaultValue = "2",
            description = "passes over the collection (each chunk of each pass is one pair)")
    int passes;

    @Option(
            names = "--max-batch-wait",
            defaultValue = "PT0.05S",
            description = "the job's batch wait, ISO-8601")
    Duration maxBatchWait;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "5000",
            description = "the job's checkpoint interval (the job's default)")
    long checkpointMillis;

    @Option(
            names = "--encoder-threads",
            defaultValue = "0",
            description = "ONNX Runtime threads, 0 = one per core (both sides)")
    int threads;

    /** Texts counted (after a chunk's first batch) and the seconds they took. */
    record Timing(int texts, double seconds) {
        double rate() {
            return texts / seconds;
        }
    }

    private static final String PREFIX = "bench-documents.";

    @Override
    public Integer call() throws Exception {
        List<Document> documents = new ArrayList<>();
        Cranfield collection = data == null ? Cranfield.loadBundled() : Cranfield.load(data);
        for (Cranfield.CranfieldDoc d : collection.documents()) {
            // the job dead-letters empty texts (2 abstracts): leave them out of both sides
            if (!d.text().isBlank()) {
                documents.add(CranfieldOnKafka.document(d, "cranfield"));
            }
        }
        int chunk = chunkBatches * batch;
        int chunks = passes * documents.size() / chunk;
        EncoderConfig encoderConfig =
                new EncoderConfig(
                        EncoderModel.byId(model), EncoderConfig.DEFAULT_MAX_TOKENS, threads);
        List<Timing[]> pairs = new ArrayList<>();
        try (EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults());
                OnnxSentenceEncoder bare = OnnxSentenceEncoder.open(encoderConfig)) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = broker.createAdmin()) {
                TopicAdmin.createIfMissing(
                        admin,
                        List.of(Topics.DOCUMENTS, Topics.INDEX_UPDATES, Topics.DEAD_LETTERS),
                        PREFIX,
                        1,
                        (short) 1,
                        Duration.ofSeconds(60));
            }
            JobClient job = startJob(bootstrap);
            try (KafkaConsumer<String, byte[]> updates = updatesConsumer(bootstrap)) {
                // warm-up, not timed: both encoders run their first batches
                List<Document> warm = documents.subList(0, 2 * batch);
                bareLoop(bare, warm);
                jobRound(bootstrap, updates, warm);
                for (int c = 0; c < chunks; c++) {
                    List<Document> slice = new ArrayList<>(chunk);
                    for (int i = 0; i < chunk; i++) {
                        slice.add(documents.get((c * chunk + i) % documents.size()));
                    }
                    Timing loop;
                    Timing flow;
                    if (c % 2 == 0) {
                        loop = bareLoop(bare, slice);
                        flow = jobRound(bootstrap, updates, slice);
                    } else {
                        flow = jobRound(bootstrap, updates, slice);
                        loop = bareLoop(bare, slice);
                    }
                    System.err.printf(
                            Locale.ROOT,
                            "[chunk %d/%d] bare DJL %.1f/s, document job %.1f/s, ratio %.3f%n",
                            c + 1,
                            chunks,
                            loop.rate(),
                            flow.rate(),
                            flow.rate() / loop.rate());
                    pairs.add(new Timing[] {loop, flow});
                }
            } finally {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
        print(documents.size(), chunk, pairs);
        return 0;
    }

    private JobClient startJob(String bootstrap) throws Exception {
        DocumentJobConfig config =
                DocumentJobConfig.builder()
                        .jobName("bench-documents")
                        .topicPrefix(PREFIX)
                        .encoder(model, EncoderConfig.DEFAULT_MAX_TOKENS, threads)
                        .batching(batch, maxBatchWait, Duration.ofMinutes(10))
                        .checkpointInterval(Duration.ofMillis(checkpointMillis))
                        .build();
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        // a restart would replay input inside a timed round: fail instead
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        return DocumentJob.onKafka(
                        config, new KafkaSettings(bootstrap, PREFIX + "group", false, Map.of()))
                .executeAsync(env);
    }

    private Timing bareLoop(OnnxSentenceEncoder encoder, List<Document> chunk) {
        List<String> texts =
                chunk.stream()
                        .map(d -> DocumentMapper.encoderInput(d.getTitle(), d.getText()))
                        .toList();
        long start = 0;
        for (int from = 0; from < texts.size(); from += batch) {
            encoder.encode(texts.subList(from, Math.min(texts.size(), from + batch)));
            if (from == 0) {
                start = System.nanoTime();
            }
        }
        return new Timing(
                texts.size() - Math.min(batch, texts.size()), (System.nanoTime() - start) / 1e9);
    }

    /** Produces the chunk and collects its index updates; times them by their send stamps. */
    private Timing jobRound(
            String bootstrap, KafkaConsumer<String, byte[]> updates, List<Document> chunk)
            throws Exception {
        CranfieldOnKafka.produce(bootstrap, PREFIX + Topics.DOCUMENTS.name(), chunk);
        List<Long> sent = new ArrayList<>(chunk.size());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (sent.size() < chunk.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the job wrote " + sent.size() + " of " + chunk.size() + " updates");
            }
            for (ConsumerRecord<String, byte[]> r : updates.poll(Duration.ofMillis(100))) {
                sent.add(r.timestamp());
            }
        }
        if (sent.size() != chunk.size()) {
            throw new IllegalStateException(
                    "expected " + chunk.size() + " updates, got " + sent.size());
        }
        long[] t = sent.stream().mapToLong(Long::longValue).sorted().toArray();
        int first = Math.min(batch, t.length) - 1;
        return new Timing(t.length - 1 - first, (t[t.length - 1] - t[first]) / 1e3);
    }

    private static KafkaConsumer<String, byte[]> updatesConsumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "protoflow-bench-updates");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        p,
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(PREFIX + Topics.INDEX_UPDATES.name(), 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }

    private void print(int texts, int chunk, List<Timing[]> pairs) {
        System.out.printf(
                Locale.ROOT,
                "%d Cranfield abstracts (title + text), %s, batches of %d, %d pairs of %d texts"
                        + " (%d passes), job batch wait %s, checkpoints every %d ms, ONNX threads"
                        + " %s, %d CPUs%n%n",
                texts,
                model,
                batch,
                pairs.size(),
                chunk,
                passes,
                maxBatchWait,
                checkpointMillis,
                threads == 0 ? "default" : Integer.toString(threads),
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| pair | first | bare DJL loop sentences/s | document job sentences/s | job /"
                        + " loop |");
        System.out.println("|---:|---|---:|---:|---:|");
        double[] ratios = new double[pairs.size()];
        double loopTexts = 0;
        double loopSeconds = 0;
        double jobTexts = 0;
        double jobSeconds = 0;
        for (int i = 0; i < pairs.size(); i++) {
            Timing loop = pairs.get(i)[0];
            Timing job = pairs.get(i)[1];
            ratios[i] = job.rate() / loop.rate();
            loopTexts += loop.texts();
            loopSeconds += loop.seconds();
            jobTexts += job.texts();
            jobSeconds += job.seconds();
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %.1f | %.1f | %.3f |%n",
                    i + 1,
                    i % 2 == 0 ? "loop" : "job",
                    loop.rate(),
                    job.rate(),
                    ratios[i]);
        }
        Arrays.sort(ratios);
        System.out.printf(
                Locale.ROOT,
                "%nmedian job / loop ratio %.3f (min %.3f, max %.3f); all pairs together: loop"
                        + " %.1f/s, job %.1f/s, ratio %.3f%n",
                ratios[ratios.length / 2],
                ratios[0],
                ratios[ratios.length - 1],
                loopTexts / loopSeconds,
                jobTexts / jobSeconds,
                (jobTexts / jobSeconds) / (loopTexts / loopSeconds));
    }

    /** Runs the bench; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DocumentJobBench()).execute(args));
    }
}
