package io.protoflow.cli;

import io.protoflow.core.data.ClassIncremental;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.Stage;
import io.protoflow.encoder.jsonl.TextFields;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.flink.learner.LearnerJob;
import io.protoflow.flink.learner.LearnerJobConfig;
import io.protoflow.flink.learner.LearnerJobOptions;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code protoflow local}: broker, topics, learner job and a class-incremental replay on one
 * machine, with live progress and a summary.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the learner job on a local Flink MiniCluster against an embedded Kafka broker"
                    + " (or --bootstrap-servers), replays a dataset class-incrementally with"
                    + " labels, and shows live progress.",
            "Ctrl-C stops everything cleanly (the job is stopped with a final snapshot)."
        })
final class LocalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--dataset",
            defaultValue = "digits",
            description =
                    "digits (bundled), fashion-mnist (Debian package dataset-fashion-mnist),"
                            + " csv:PATH (header row, numeric features) or jsonl:PATH (labelled"
                            + " texts, one JSON object per line, encoded with MiniLM before they"
                            + " are produced) (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--text-field",
            defaultValue = "text",
            description =
                    "Text field of a jsonl: dataset, a name or a JSON Pointer such as /body/en"
                            + " (default: ${DEFAULT-VALUE}).")
    String textField;

    @Option(
            names = "--label-field",
            defaultValue = "label",
            description = "Label field of a jsonl: dataset (default: ${DEFAULT-VALUE}).")
    String labelField;

    @Option(
            names = "--time-field",
            description =
                    "Time field of a jsonl: dataset (epoch milliseconds or ISO-8601): replay the"
                            + " texts in time order (ties in file order) as one stage, with these"
                            + " event times, instead of class by class.")
    String timeField;

    @Option(
            names = "--label-column",
            defaultValue = "label",
            description = "Label column of a csv: dataset (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(
            names = "--fashion-mnist-dir",
            defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Folder with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
    Path fashionMnistDir;

    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "Replay at most N examples, keeping whole-dataset class order (0 = all).")
    int limit;

    @Option(
            names = "--classes-per-stage",
            defaultValue = "2",
            description = "Classes that arrive together in one stage (default: ${DEFAULT-VALUE}).")
    int classesPerStage;

    @Option(
            names = "--class-order",
            split = ",",
            description = "Order in which classes arrive, comma-separated (default: label order).")
    List<String> classOrder;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the shuffle within each stage (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rate",
            defaultValue = "300",
            description =
                    "Examples per second to replay; 0 = as fast as possible"
                            + " (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--model-id",
            description = "Model id of the replayed examples (default: the dataset name).")
    String modelId;

    @Option(
            names = "--inject-bad",
            defaultValue = "0",
            description =
                    "Mix N poison records (garbage bytes, wrong dimension, NaN) into the"
                            + " replay to watch the dead-letter path (default: ${DEFAULT-VALUE}).")
    int injectBad;

    @Option(
            names = "--follow",
            description = "Keep the job running after the replay, until Ctrl-C.")
    boolean follow;

    @Option(
            names = "--no-replay",
            description =
                    "Do not replay a dataset: only run broker and job (useful with --follow).")
    boolean noReplay;

    @Option(
            names = "--work-dir",
            defaultValue = ".protoflow",
            description =
                    "Folder for logs, checkpoints and savepoints (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(
            names = "--kafka-dir",
            description =
                    "Keep the embedded broker's data here across runs (default: a temporary"
                            + " folder removed at exit).")
    Path kafkaDir;

    @Option(
            names = "--kafka-port",
            defaultValue = "0",
            description = "Port of the embedded broker (default: a free port).")
    int kafkaPort;

    @Mixin LearnerJobOptions job;

    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Points log4j at the work dir before any logger exists; logs stay out of the terminal. */
    static void prepareLogging(String[] args) {
        String dir = ".protoflow";
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--work-dir")) {
                dir = args[i + 1];
            }
        }
        for (String a : args) {
            if (a.startsWith("--work-dir=")) {
                dir = a.substring("--work-dir=".length());
            }
        }
        System.setProperty("protoflow.log.dir", dir);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be >= 0, got " + rate);
        }
        if (injectBad < 0) {
            throw new IllegalArgumentException("--inject-bad must be >= 0, got " + injectBad);
        }
        checkTimeOptions();
        Files.createDirectories(workDir);
        List<Stage> stages = List.of();
        String name = "stream";
        TextReplay text = null;
        if (!noReplay) {
            Dataset data;
            if (DatasetSource.isJsonl(dataset)) {
                text =
                        TextReplay.load(
                                DatasetSource.jsonlFile(dataset),
                                new TextFields(textField, labelField, timeField),
                                out);
                data = text.dataset();
            } else {
                data = DatasetSource.load(dataset, labelColumn, fashionMnistDir);
            }
            // Rows are shuffled within each stage, so a prefix of each stage is a random sample;
            // a chronological stage keeps its earliest rows.
            stages =
                    limit(
                            text != null && timeField != null
                                    ? List.of(text.chronologicalStage())
                                    : ClassIncremental.stages(
                                            data, classesPerStage, classOrder, seed),
                            limit);
            name = data.name();
        }
        String model = modelId != null ? modelId : name;
        LearnerJobConfig config = localDefaults(job.toConfig());

        Thread hook = new Thread(this::requestStopAndWait, "protoflow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap;
            if (isSet("--bootstrap-servers")) {
                bootstrap = job.kafka().bootstrapServers();
                out.printf("Kafka: external cluster at %s%n", bootstrap);
            } else {
                out.print("Kafka: starting embedded KRaft broker ... ");
                out.flush();
                broker =
                        EmbeddedKafkaBroker.start(
                                new EmbeddedKafkaBroker.Config(kafkaDir, kafkaPort, 0, Map.of()));
                bootstrap = broker.bootstrapServers();
                out.printf("listening on %s%n", bootstrap);
            }
            KafkaSettings kafka = job.kafka().toSettings(bootstrap);
            Map<String, Object> clientConfig = new HashMap<>(kafka.clientProperties());
            clientConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(clientConfig)) {
                TopicAdmin.createIfMissing(
                        admin,
                        Topics.all(),
                        config.topicPrefix(),
                        1,
                        (short) 1,
                        Duration.ofSeconds(60));
            }
            out.printf(
                    "Topics: %d created or present (prefix '%s')%n",
                    Topics.all().size(), config.topicPrefix());
            return run(out, config, kafka, clientConfig, stages, model, text);
        } finally {
            if (broker != null) {
                broker.close();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for the latch counted down above.
            }
        }
    }

    private int run(
            PrintWriter out,
            LearnerJobConfig config,
            KafkaSettings kafka,
            Map<String, Object> clientConfig,
            List<Stage> stages,
            String model,
            TextReplay text)
            throws Exception {
        Path runDir = workDir.toAbsolutePath();
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                runDir.resolve("checkpoints").toUri().toString());
        flink.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                runDir.resolve("savepoints").toUri().toString());
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, config.parallelism());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);

        try (ProgressMonitor monitor = new ProgressMonitor(clientConfig, config.topicPrefix())) {
            LearnerJob learnerJob = LearnerJob.onKafka(config, kafka);
            JobClient client = learnerJob.executeAsync(env);
            out.printf(
                    "Flink: learner job %s running on a local MiniCluster (parallelism %d,"
                            + " learner %s, checkpoints every %s)%n",
                    client.getJobID(),
                    config.parallelism(),
                    config.learnerType(),
                    human(config.checkpointInterval()));
            Replayer replayer =
                    new Replayer(
                            clientConfig,
                            config.topic(Topics.EXAMPLES.name()),
                            model,
                            stages,
                            rate,
                            noReplay ? 0 : injectBad,
                            config.topic(Topics.DEAD_LETTERS.name()),
                            text);
            if (!noReplay) {
                out.printf(
                        "Replay: %d examples of '%s' in %d %s (%s) at %s, model id '%s'%s%n",
                        replayer.examples(),
                        dataset,
                        stages.size(),
                        stages.size() == 1 ? "stage" : "stages",
                        describe(stages),
                        rate > 0 ? String.format("%.0f/s", rate) : "full speed",
                        model,
                        replayer.badLines() == 0
                                ? ""
                                : ", after " + replayer.badLines() + " bad lines to dead letters");
            }
            Thread replay = new Thread(replayer, "protoflow-replay");
            awaitRunning(client);
            if (!noReplay) {
                replay.start();
            }
            ProgressPrinter printer = new ProgressPrinter(out, monitor, replayer);
            long expected = noReplay ? 0 : replayer.total();
            while (!stopRequested.get()) {
                monitor.poll(Duration.ofMillis(200));
                printer.maybePrint(false);
                if (replayer.failure() != null) {
                    throw new IllegalStateException(
                            "replay failed: " + replayer.failure(), replayer.failure());
                }
                JobStatus status = client.getJobStatus().get(10, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    out.printf("Flink: job ended with status %s%n", status);
                    client.getJobExecutionResult().get();
                    break;
                }
                boolean replayDone = noReplay || replayer.isDone();
                if (!follow
                        && replayDone
                        && monitor.predictions() + monitor.deadLetters() >= expected) {
                    break;
                }
            }
            replayer.stop();
            replay.join(TimeUnit.SECONDS.toMillis(10));
            printer.maybePrint(true);
            out.println(
                    "Flink: stopping the job with a final snapshot (stop-with-savepoint, drain) ...");
            out.flush();
            try {
                String savepoint =
                        client.stopWithSavepoint(true, null, SavepointFormatType.DEFAULT)
                                .get(2, TimeUnit.MINUTES);
                out.printf("Flink: job stopped, savepoint at %s%n", savepoint);
            } catch (Exception e) {
                out.printf(
                        "Flink: could not stop with savepoint (%s); cancelling%n", e.getMessage());
                client.cancel().get(1, TimeUnit.MINUTES);
            }
            // The drain's final snapshot and outputs are committed by the savepoint: read them.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                monitor.poll(Duration.ofMillis(200));
            } while (!monitor.caughtUp() && System.nanoTime() < deadline);
            new SummaryTable(monitor, printer.secondsToLastPrediction(), replayer).print(out);
            return 0;
        }
    }

    /** Starts the replay once the job's tasks run, so progress is visible from the first second. */
    private void awaitRunning(JobClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobStatus status;
        while ((status = client.getJobStatus().get(10, TimeUnit.SECONDS)) != JobStatus.RUNNING) {
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the learner job did not start: status " + status);
            }
            if (stopRequested.get()) {
                return;
            }
            // The client offers no status callback: poll it, gently.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * A time field makes the replay one chronological stage: options that shape class stages would
     * be silently ignored, so they are refused.
     */
    private void checkTimeOptions() {
        if (timeField == null) {
            return;
        }
        if (!DatasetSource.isJsonl(dataset)) {
            throw new IllegalArgumentException(
                    "--time-field needs a jsonl:PATH dataset, got --dataset '" + dataset + "'");
        }
        for (String option : List.of("--class-order", "--classes-per-stage")) {
            if (isSet(option)) {
                throw new IllegalArgumentException(
                        option
                                + " shapes class-incremental stages; with --time-field the replay"
                                + " is one chronological stage: drop one of them");
            }
        }
    }

    private LearnerJobConfig localDefaults(LearnerJobConfig config) {
        LearnerJobConfig.Builder b = config.toBuilder();
        // Locally, outputs should show up quickly: they are committed at each checkpoint.
        if (!isSet("--checkpoint-interval")) {
            b.checkpointInterval(Duration.ofSeconds(1));
        }
        if (!isSet("--snapshot-every") && !isSet("--snapshot-interval")) {
            b.snapshotEvery(200, Duration.ofSeconds(5));
        }
        return b.build();
    }

    private boolean isSet(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private void requestStopAndWait() {
        stopRequested.set(true);
        try {
            finished.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(List<Stage> stages) {
        return String.join(" | ", stages.stream().map(s -> String.join(",", s.classes())).toList());
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Keeps about {@code limit} examples, the same fraction of every stage. */
    static List<Stage> limit(List<Stage> stages, int limit) {
        long total = stages.stream().mapToLong(s -> s.rows().size()).sum();
        if (limit <= 0 || limit >= total) {
            return stages;
        }
        List<Stage> limited = new ArrayList<>();
        for (Stage s : stages) {
            int keep = (int) Math.max(1, Math.round((double) s.rows().size() * limit / total));
            limited.add(
                    new Stage(
                            s.index(),
                            s.classes(),
                            s.rows().subList(0, Math.min(keep, s.rows().size()))));
        }
        return limited;
    }
}
