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
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sentences/s of the document job (batched encoding inside Flink) against a bare DJL loop on the
 * same model, in the same process, back to back, on the Cranfield abstracts (issue #6).
 *
 * <p>Both encode the same texts ({@code title + "\n" + text}, file order) in consecutive batches of
 * {@code --batch}, each with its own freshly opened encoder. Both rates are steady-state and count
 * the same way: from the end of the first batch to the end of the last, so neither includes model
 * loading or the first call's graph optimisation. For the bare loop that is the clock around {@code
 * encode} calls; for the job it is the send timestamps of its index updates (the sink's producer
 * stamps each record when the sink writes it, before the transaction commits), with the whole
 * backlog in the documents topic before the job starts. The job runs bounded at parallelism 1: one
 * encoder, as in the loop, whose ONNX Runtime uses every core. Runs alternate (loop first in odd
 * repeats, job first in even ones) so that drifting machine load does not favour either.
 */
@Command(
        name = "document-job-bench",
        mixinStandardHelpOptions = true,
        description = "Document job throughput vs a bare DJL loop on the same model (issue #6).",
        sortOptions = false)
public final class DocumentJobBench implements Callable<Integer> {

    @Option(names = "--data", description = "Cranfield directory (default: shared copy)")
    Path data = Cranfield.DEFAULT_DIR;

    @Option(names = "--model", defaultValue = "all-minilm-l6-v2-q", description = "encoder model")
    String model;

    @Option(names = "--batch", defaultValue = "32", description = "texts per encoder call")
    int batch;

    @Option(
            names = "--max-batch-wait",
            defaultValue = "PT0.05S",
            description = "the job's batch wait, ISO-8601")
    Duration maxBatchWait;

    @Option(names = "--docs", defaultValue = "1400", description = "abstracts to encode, at most")
    int docs;

    @Option(names = "--repeats", defaultValue = "3", description = "loop/job pairs")
    int repeats;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "1000",
            description = "the job's checkpoint interval")
    long checkpointMillis;

    @Option(
            names = "--encoder-threads",
            defaultValue = "0",
            description = "ONNX Runtime threads, 0 = one per core (both sides)")
    int threads;

    /** One timed run: texts counted after the first batch, and the seconds they took. */
    record Timing(int texts, double seconds) {
        double rate() {
            return texts / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Document> documents = new ArrayList<>();
        for (Cranfield.CranfieldDoc d : Cranfield.load(data).documents()) {
            // the job dead-letters empty texts (2 abstracts): leave them out of both sides
            if (!d.text().isBlank() && documents.size() < docs) {
                documents.add(CranfieldOnKafka.document(d, "cranfield"));
            }
        }
        List<String> texts =
                documents.stream()
                        .map(d -> DocumentMapper.encoderInput(d.getTitle(), d.getText()))
                        .toList();
        EncoderConfig encoder =
                new EncoderConfig(
                        EncoderModel.byId(model), EncoderConfig.DEFAULT_MAX_TOKENS, threads);
        List<Timing[]> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults())) {
            for (int r = 1; r <= repeats; r++) {
                Timing loop;
                Timing job;
                if (r % 2 == 1) {
                    loop = bareLoop(encoder, texts);
                    job = job(broker.bootstrapServers(), r, documents);
                } else {
                    job = job(broker.bootstrapServers(), r, documents);
                    loop = bareLoop(encoder, texts);
                }
                System.err.printf(
                        Locale.ROOT,
                        "[repeat %d] bare DJL %.1f/s, document job %.1f/s, ratio %.3f%n",
                        r,
                        loop.rate(),
                        job.rate(),
                        job.rate() / loop.rate());
                results.add(new Timing[] {loop, job});
            }
        }
        print(texts.size(), results);
        return 0;
    }

    private Timing bareLoop(EncoderConfig config, List<String> texts) {
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(config)) {
            long start = 0;
            for (int from = 0; from < texts.size(); from += batch) {
                encoder.encode(texts.subList(from, Math.min(texts.size(), from + batch)));
                if (from == 0) {
                    start = System.nanoTime();
                }
            }
            return new Timing(
                    texts.size() - Math.min(batch, texts.size()),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private Timing job(String bootstrap, int repeat, List<Document> documents) throws Exception {
        String prefix = "bench-documents-" + repeat + ".";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicAdmin.createIfMissing(
                    admin,
                    List.of(Topics.DOCUMENTS, Topics.INDEX_UPDATES, Topics.DEAD_LETTERS),
                    prefix,
                    1,
                    (short) 1,
                    Duration.ofSeconds(60));
        }
        CranfieldOnKafka.produce(bootstrap, prefix + Topics.DOCUMENTS.name(), documents);
        DocumentJobConfig config =
                DocumentJobConfig.builder()
                        .jobName("bench-documents-" + repeat)
                        .topicPrefix(prefix)
                        .encoder(model, EncoderConfig.DEFAULT_MAX_TOKENS, threads)
                        .batching(batch, maxBatchWait, Duration.ofMinutes(10))
                        .checkpointInterval(Duration.ofMillis(checkpointMillis))
                        .build();
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        DocumentJob job =
                DocumentJob.onKafka(
                        config, new KafkaSettings(bootstrap, prefix + "group", true, Map.of()));
        job.configure(env);
        job.build(env);
        long t0 = System.nanoTime();
        env.execute(config.jobName());
        double wall = (System.nanoTime() - t0) / 1e9;
        List<ConsumerRecord<String, byte[]>> updates =
                CranfieldOnKafka.readCommitted(
                        bootstrap,
                        prefix + Topics.INDEX_UPDATES.name(),
                        documents.size(),
                        Duration.ofMinutes(2));
        long[] sent = updates.stream().mapToLong(ConsumerRecord::timestamp).sorted().toArray();
        int first = Math.min(batch, sent.length) - 1;
        System.err.printf(
                Locale.ROOT,
                "[repeat %d] job wall time %.1f s for %d documents (start-up and model load"
                        + " included)%n",
                repeat,
                wall,
                updates.size());
        return new Timing(sent.length - 1 - first, (sent[sent.length - 1] - sent[first]) / 1e3);
    }

    private void print(int texts, List<Timing[]> results) {
        System.out.printf(
                Locale.ROOT,
                "%d Cranfield abstracts (title + text), %s, batches of %d, job batch wait %s,"
                        + " checkpoints every %d ms, ONNX threads %s, %d CPUs%n%n",
                texts,
                model,
                batch,
                maxBatchWait,
                checkpointMillis,
                threads == 0 ? "default" : Integer.toString(threads),
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| repeat | bare DJL loop sentences/s | document job sentences/s | job / loop |");
        System.out.println("|---:|---:|---:|---:|");
        double[] ratios = new double[results.size()];
        for (int i = 0; i < results.size(); i++) {
            Timing loop = results.get(i)[0];
            Timing job = results.get(i)[1];
            ratios[i] = job.rate() / loop.rate();
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.1f | %.1f | %.3f |%n",
                    i + 1,
                    loop.rate(),
                    job.rate(),
                    ratios[i]);
        }
        Arrays.sort(ratios);
        System.out.printf(
                Locale.ROOT, "%nmedian job / loop ratio: %.3f%n", ratios[ratios.length / 2]);
    }

    /** Runs the bench; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DocumentJobBench()).execute(args));
    }
}
