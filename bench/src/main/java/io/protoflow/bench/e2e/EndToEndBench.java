package io.protoflow.bench.e2e;

import io.protoflow.flink.kafka.AvroRecordSerializer;
import io.protoflow.flink.kafka.KafkaConnectors;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.flink.learner.DecodeExamples;
import io.protoflow.flink.learner.LearnerJob;
import io.protoflow.flink.learner.LearnerJobConfig;
import io.protoflow.flink.learner.OutputTags;
import io.protoflow.flink.learner.SourcedExample;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.mapping.PredictionMapper;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end throughput and latency, Kafka to Flink to Kafka, on this machine: the learner job
 * against a pass-through job with the same source, decoding, sinks and serialisation but no
 * learning, in the same run against the same embedded broker.
 *
 * <p>Throughput: {@code --records} examples are in the topic before the job starts; the job drains
 * the backlog and records/s is counted from the first to the last prediction visible to a {@code
 * read_committed} consumer. Latency: the job then keeps running while examples are produced at
 * {@code --latency-rate}/s; each carries its send time as event time, and latency is the time from
 * that send to the moment the consumer sees its committed prediction.
 */
@Command(
        name = "e2e-bench",
        mixinStandardHelpOptions = true,
        description = "End-to-end Kafka -> Flink -> Kafka throughput and latency (issue #5).",
        sortOptions = false)
public final class EndToEndBench implements Callable<Integer> {

    @Option(names = "--records", defaultValue = "200000", description = "backlog size")
    int records;

    @Option(names = "--dimension", defaultValue = "384", description = "feature dimension")
    int dimension;

    @Option(names = "--classes", defaultValue = "10", description = "classes per model")
    int classes;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism")
    int parallelism;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "1000",
            description = "checkpoint interval: outputs are committed at checkpoints")
    long checkpointMillis;

    @Option(names = "--latency-rate", defaultValue = "2000", description = "examples/s")
    int latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "15", description = "latency phase")
    int latencySeconds;

    @Option(names = "--seed", defaultValue = "42", description = "data seed")
    long seed;

    @Option(
            names = "--jobs",
            split = ",",
            defaultValue = "pass-through,learner",
            description = "jobs to run, in order (default: ${DEFAULT-VALUE})")
    List<String> jobs;

    /** One job's measurements. */
    record Result(
            String job,
            long backlog,
            double seconds,
            double recordsPerSecond,
            int latencySamples,
            double p50Millis,
            double p99Millis,
            double maxMillis) {}

    @Override
    public Integer call() throws Exception {
        if (records < 1 || dimension < 1 || classes < 1 || parallelism < 1) {
            throw new IllegalArgumentException(
                    "--records, --dimension, --classes and --parallelism must be >= 1");
        }
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults())) {
            for (String job : jobs) {
                results.add(run(broker.bootstrapServers(), job));
            }
        }
        print(results);
        return 0;
    }

    private Result run(String bootstrap, String job) throws Exception {
        String prefix = "bench-" + job + ".";
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createIfMissing(
                    admin, Topics.all(), prefix, parallelism, (short) 1, Duration.ofSeconds(60));
        }
        List<String> models = modelsOnDistinctSubtasks();
        Random random = new Random(seed);
        float[][][] centres = new float[models.size()][classes][dimension];
        for (float[][] m : centres) {
            for (float[] c : m) {
                for (int i = 0; i < dimension; i++) {
                    c[i] = (float) random.nextGaussian();
                }
            }
        }
        String examples = prefix + Topics.EXAMPLES.name();
        System.err.printf(Locale.ROOT, "[%s] producing %d examples ...%n", job, records);
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            // The first send waits for its ack: on a topic created a moment ago, pipelined sends
            // can race the leader election and fail with out-of-order sequence numbers.
            producer.send(example(examples, "b-0", 0, models, centres, random, 0))
                    .get(60, TimeUnit.SECONDS);
            for (int n = 1; n < records; n++) {
                producer.send(example(examples, "b-" + n, n, models, centres, random, 0));
            }
            producer.flush();
        }

        LearnerJobConfig config =
                LearnerJobConfig.builder()
                        .jobName("bench-" + job)
                        .topicPrefix(prefix)
                        .parallelism(parallelism)
                        .checkpointInterval(Duration.ofMillis(checkpointMillis))
                        .build();
        KafkaSettings kafka = new KafkaSettings(bootstrap, prefix + "group", false, Map.of());
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        JobClient client =
                switch (job) {
                    case "learner" -> LearnerJob.onKafka(config, kafka).executeAsync(env);
                    case "pass-through" -> passThrough(env, config, kafka);
                    default -> throw new IllegalArgumentException("unknown job '" + job + "'");
                };
        try (PredictionWatcher watcher =
                new PredictionWatcher(bootstrap, prefix + Topics.PREDICTIONS.name())) {
            awaitRunning(client);
            System.err.printf(Locale.ROOT, "[%s] job running, draining backlog ...%n", job);
            watcher.awaitCount(records, Duration.ofMinutes(10));
            double seconds = (watcher.lastBacklogNanos - watcher.firstNanos) / 1e9;
            long counted = records - watcher.countAtFirst;
            double rate = counted / seconds;
            System.err.printf(
                    Locale.ROOT,
                    "[%s] backlog: %d records in %.2f s after the first commit: %.0f records/s%n",
                    job,
                    counted,
                    seconds,
                    rate);

            // Latency phase: paced sends, each stamped with its send time.
            int total = latencyRate * latencySeconds;
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / latencyRate;
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                long start = System.nanoTime();
                for (int n = 0; n < total; n++) {
                    long due = start + n * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    producer.send(
                            example(
                                    examples,
                                    "lat-" + n,
                                    n,
                                    models,
                                    centres,
                                    random,
                                    System.currentTimeMillis()));
                }
                producer.flush();
            }
            watcher.awaitCount(records + total, Duration.ofMinutes(2));
            client.cancel().get(1, TimeUnit.MINUTES);
            double[] lat = watcher.latencies();
            Arrays.sort(lat);
            return new Result(
                    job,
                    counted,
                    seconds,
                    rate,
                    lat.length,
                    quantile(lat, 0.5),
                    quantile(lat, 0.99),
                    lat.length == 0 ? Double.NaN : lat[lat.length - 1]);
        }
    }

    /** Model ids whose keys land on distinct learner subtasks, one per subtask. */
    private List<String> modelsOnDistinctSubtasks() {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        List<String> models = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; models.size() < parallelism; i++) {
            String id = "model-" + i;
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            id, maxParallelism, parallelism);
            if (taken.add(subtask)) {
                models.add(id);
            }
        }
        return models;
    }

    private ProducerRecord<String, byte[]> example(
            String topic,
            String id,
            int n,
            List<String> models,
            float[][][] centres,
            Random random,
            long eventTime) {
        int model = n % models.size();
        int label = (n / models.size()) % classes;
        float[] x = new float[dimension];
        float[] c = centres[model][label];
        for (int i = 0; i < dimension; i++) {
            x[i] = c[i] + 0.3f * (float) random.nextGaussian();
        }
        Example e =
                Example.newBuilder()
                        .setId(id)
                        .setModelId(models.get(model))
                        .setEventTime(Instant.ofEpochMilli(eventTime))
                        .setFeatures(ExampleMapper.boxed(x))
                        .setLabel("c" + label)
                        .build();
        return new ProducerRecord<>(topic, id, Topics.EXAMPLES.codec().encode(e));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "protoflow-bench-producer");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * The pass-through job: the learner job's source, decoding and sinks, with a prediction that
     * echoes the example's label instead of learning.
     */
    private static JobClient passThrough(
            StreamExecutionEnvironment env, LearnerJobConfig config, KafkaSettings kafka)
            throws Exception {
        LearnerJob.onKafka(config, kafka).configure(env);
        String tx = config.jobName() + "-" + config.topicPrefix();
        SingleOutputStreamOperator<SourcedExample> decoded =
                env.fromSource(
                                KafkaConnectors.rawSource(
                                        kafka, config.topic(Topics.EXAMPLES.name())),
                                WatermarkStrategy.noWatermarks(),
                                "examples")
                        .process(new DecodeExamples(config.jobName(), config.maxRecordBytes()))
                        .name("decode-and-validate");
        decoded.process(new EchoPrediction(config.topK()))
                .returns(new AvroTypeInfo<>(Prediction.class))
                .name("echo")
                .sinkTo(
                        KafkaConnectors.exactlyOnceSink(
                                kafka,
                                new AvroRecordSerializer<>(
                                        config.topic(Topics.PREDICTIONS.name()),
                                        Topics.PREDICTIONS.codec(),
                                        Prediction::getExampleId),
                                tx + "predictions"))
                .name("predictions-sink");
        decoded.getSideOutput(OutputTags.DEAD_LETTERS)
                .sinkTo(
                        KafkaConnectors.<DeadLetter>exactlyOnceSink(
                                kafka,
                                new AvroRecordSerializer<>(
                                        config.topic(Topics.DEAD_LETTERS.name()),
                                        Topics.DEAD_LETTERS.codec(),
                                        DeadLetters::key),
                                tx + "dead-letters"))
                .name("dead-letters-sink");
        return env.executeAsync(config.jobName());
    }

    /** Predicts an example's own label with score 1: the output records of a learner, no work. */
    static final class EchoPrediction extends ProcessFunction<SourcedExample, Prediction> {
        private static final long serialVersionUID = 1L;
        private final int topK;

        EchoPrediction(int topK) {
            this.topK = topK;
        }

        @Override
        public void processElement(SourcedExample in, Context ctx, Collector<Prediction> out) {
            String label = in.example.getLabel();
            io.protoflow.core.learn.Prediction echo =
                    new io.protoflow.core.learn.Prediction(
                            label == null
                                    ? List.of()
                                    : List.of(new io.protoflow.core.learn.ScoredLabel(label, 1.0)));
            out.collect(
                    PredictionMapper.toAvro(
                            in.example, echo, topK, 0, ctx.timerService().currentProcessingTime()));
        }
    }

    private static void awaitRunning(JobClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobStatus status;
        while ((status = client.getJobStatus().get(10, TimeUnit.SECONDS)) != JobStatus.RUNNING) {
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start: status " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * A {@code read_committed} consumer on the predictions topic, on its own thread: counts
     * predictions, notes when the first and the last backlog prediction became visible, and the
     * latency of the paced ones (their event time is their send time).
     */
    private final class PredictionWatcher implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final double[] latency;
        private volatile int latencyCount;
        private volatile long count;
        private volatile long countAtFirst;
        private volatile long firstNanos;
        private volatile long lastBacklogNanos;
        private volatile Throwable failure;

        PredictionWatcher(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            latency = new double[latencyRate * latencySeconds];
            thread = new Thread(this::poll, "prediction-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            try {
                while (running.get()) {
                    var batch = consumer.poll(Duration.ofMillis(20));
                    long now = System.nanoTime();
                    long wall = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        Prediction p = Topics.PREDICTIONS.codec().decode(r.value());
                        if (p.getExampleId().startsWith("lat-")) {
                            if (latencyCount < latency.length) {
                                latency[latencyCount++] = wall - p.getEventTime().toEpochMilli();
                            }
                        } else {
                            if (firstNanos == 0) {
                                firstNanos = now;
                                countAtFirst = count;
                            }
                            lastBacklogNanos = now;
                        }
                        count++;
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        void awaitCount(long expected, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < expected) {
                if (failure != null) {
                    throw new IllegalStateException("prediction consumer failed", failure);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "saw " + count + " of " + expected + " predictions in " + timeout);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        double[] latencies() {
            return Arrays.copyOf(latency, latencyCount);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
            consumer.close();
        }
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private void print(List<Result> results) {
        System.out.printf(
                Locale.ROOT,
                "%d-d vectors, %d classes per model, parallelism %d, checkpoints every %d ms,"
                        + " backlog %d records, latency at %d/s for %d s%n%n",
                dimension,
                classes,
                parallelism,
                checkpointMillis,
                records,
                latencyRate,
                latencySeconds);
        System.out.println(
                "| job | records/s | backlog s | latency p50 ms | latency p99 ms | max ms |"
                        + " samples |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.2f | %.0f | %.0f | %.0f | %d |%n",
                    r.job(),
                    r.recordsPerSecond(),
                    r.seconds(),
                    r.p50Millis(),
                    r.p99Millis(),
                    r.maxMillis(),
                    r.latencySamples());
        }
        Result pass =
                results.stream()
                        .filter(r -> r.job().equals("pass-through"))
                        .findFirst()
                        .orElse(null);
        Result learn =
                results.stream().filter(r -> r.job().equals("learner")).findFirst().orElse(null);
        if (pass != null && learn != null) {
            System.out.printf(
                    Locale.ROOT,
                    "%nlearner / pass-through throughput ratio: %.2f%n",
                    learn.recordsPerSecond() / pass.recordsPerSecond());
        }
    }

    /** Runs the bench; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEndBench()).execute(args));
    }
}
