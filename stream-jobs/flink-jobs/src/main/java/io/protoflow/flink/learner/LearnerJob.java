package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.AvroRecordSerializer;
import io.protoflow.flink.kafka.KafkaConnectors;
import io.protoflow.flink.kafka.KafkaSettings;
import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.topics.Topics;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/**
 * The online prototype learner job.
 *
 * <pre>
 * examples ──► decode/validate ──► keyBy(modelId) ──► test-then-train ──► predictions (OOD flag)
 * labels ───► decode/validate ──► keyBy(modelId) ──┘  │  │  │   └───────► model snapshots
 *                    │                                 │  │  └──────────► alerts
 *                    └──────────────► dead letters ◄───┘  └─ late labels joined by example id
 * </pre>
 *
 * <p>Each model's {@link io.protoflow.core.monitor.ModelMonitor} scores every prediction for OOD
 * with a calibrated threshold, watches the error rate (prequential labels and labels arriving later
 * on the labels topic, joined by example id in TTL state) and the OOD rate, and clusters OOD
 * records into novel-class candidates; its alerts go to the alerts topic and its thresholds travel
 * in the snapshots ({@link MonitoringSettings}).
 *
 * <p>With {@code shardsPerModel > 1} the test-then-train stage is sharded: each model's examples
 * are spread over learner shards, whose deltas a merger folds into one global model (exactly, for
 * class means); the merger publishes the snapshots, and the shards read them back from the snapshot
 * topic (the only way back upstream in a Flink DAG) to predict with the global model.
 *
 * <p>The job takes its sources and sinks in the constructor so tests can run the exact production
 * graph on other connectors; {@link #onKafka} wires the real topics.
 */
public final class LearnerJob {

    /** Key groups of the keyed state: the most subtasks a savepoint can be rescaled to. */
    public static final int MAX_PARALLELISM = 128;

    private final LearnerJobConfig config;
    private final Source<RawRecord, ?, ?> source;
    private final Sink<Prediction> predictionSink;
    private final Sink<ModelSnapshot> snapshotSink;
    private final Sink<DeadLetter> deadLetterSink;
    private final Source<RawRecord, ?, ?> snapshotFeedback;
    private final Source<RawRecord, ?, ?> labelsSource;
    private final Sink<Alert> alertSink;

    /**
     * A job over the given connectors.
     *
     * @param snapshotFeedback the published snapshots read back (needed with shards, else null)
     * @param labelsSource late labels (null: none arrive); bounded exactly when {@code source} is
     * @param alertSink where alerts go (null: they are discarded)
     */
    public LearnerJob(
            LearnerJobConfig config,
            Source<RawRecord, ?, ?> source,
            Sink<Prediction> predictionSink,
            Sink<ModelSnapshot> snapshotSink,
            Sink<DeadLetter> deadLetterSink,
            Source<RawRecord, ?, ?> snapshotFeedback,
            Source<RawRecord, ?, ?> labelsSource,
            Sink<Alert> alertSink) {
        this.labelsSource = labelsSource;
        this.alertSink = alertSink;
        this.config = Objects.requireNonNull(config, "config");
        if (config.shardsPerModel() > 1 && snapshotFeedback == null) {
            throw new IllegalArgumentException(
                    "shardsPerModel is "
                            + config.shardsPerModel()
                            + ": a snapshot feedback source is needed");
        }
        this.snapshotFeedback = snapshotFeedback;
        this.source = Objects.requireNonNull(source, "source");
        this.predictionSink = Objects.requireNonNull(predictionSink, "predictionSink");
        this.snapshotSink = Objects.requireNonNull(snapshotSink, "snapshotSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    }

    /** The job reading and writing the registry topics (under the configured prefix). */
    public static LearnerJob onKafka(LearnerJobConfig config, KafkaSettings kafka) {
        String txPrefix = config.jobName() + "-" + config.topicPrefix();
        return new LearnerJob(
                config,
                KafkaConnectors.rawSource(kafka, config.topic(Topics.EXAMPLES.name())),
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new AvroRecordSerializer<>(
                                config.topic(Topics.PREDICTIONS.name()),
                                Topics.PREDICTIONS.codec(),
                                Prediction::getExampleId),
                        txPrefix + "predictions"),
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new AvroRecordSerializer<>(
                                config.topic(Topics.MODEL_SNAPSHOTS.name()),
                                Topics.MODEL_SNAPSHOTS.codec(),
                                ModelSnapshot::getModelId),
                        txPrefix + "snapshots"),
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new AvroRecordSerializer<>(
                                config.topic(Topics.DEAD_LETTERS.name()),
                                Topics.DEAD_LETTERS.codec(),
                                DeadLetters::key),
                        txPrefix + "dead-letters"),
                config.shardsPerModel() > 1
                        ? KafkaConnectors.rawSourceFromLatest(
                                kafka, config.topic(Topics.MODEL_SNAPSHOTS.name()))
                        : null,
                config.shardsPerModel() == 1 && config.monitoring().enabled()
                        ? KafkaConnectors.rawSource(kafka, config.topic(Topics.LABELS.name()))
                        : null,
                KafkaConnectors.exactlyOnceSink(
                        kafka,
                        new AvroRecordSerializer<>(
                                config.topic(Topics.ALERTS.name()),
                                Topics.ALERTS.codec(),
                                Alert::getAlertKey),
                        txPrefix + "alerts"));
    }

    /** The job's configuration. */
    public LearnerJobConfig config() {
        return config;
    }

    /**
     * This job with its examples source replaced by {@code wrap} applied to it, the rest of the
     * graph unchanged: tests wrap the real Kafka source to inject failures (issue #5).
     */
    public LearnerJob withExampleSource(UnaryOperator<Source<RawRecord, ?, ?>> wrap) {
        return new LearnerJob(
                config,
                wrap.apply(source),
                predictionSink,
                snapshotSink,
                deadLetterSink,
                snapshotFeedback,
                labelsSource,
                alertSink);
    }

    /**
     * Event time of the input topics: the Kafka record timestamp (producers set it to the example's
     * event time), watermarks {@code maxOutOfOrderness} behind the newest one, and a split idle for
     * {@code idleTimeout} stops holding the watermark back, so a partition without traffic never
     * stalls event-time work. Snapshots and alerts are driven by records and processing time, and
     * the end of a bounded input by its final watermark.
     */
    static WatermarkStrategy<RawRecord> watermarks(LearnerJobConfig config) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((record, previous) -> record.timestamp)
                .withIdleness(config.idleTimeout());
    }

    /** Applies the job's checkpointing and parallelism settings to {@code env}. */
    public void configure(StreamExecutionEnvironment env) {
        KafkaConnectors.configureExactlyOnce(
                env, config.parallelism(), MAX_PARALLELISM, config.checkpointInterval());
    }

    /** Adds the job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw =
                env.fromSource(source, watermarks(config), "examples").uid("examples-source");
        SingleOutputStreamOperator<SourcedExample> decoded =
                raw.process(new DecodeExamples(config.jobName(), config.maxRecordBytes()))
                        .name("decode-and-validate")
                        .uid("decode");
        SingleOutputStreamOperator<Prediction> predictions;
        DataStream<ModelSnapshot> snapshots;
        DataStream<DeadLetter> labelDeadLetters = null;
        if (config.shardsPerModel() == 1) {
            DataStream<LabelFeedback> labels;
            if (labelsSource != null) {
                SingleOutputStreamOperator<LabelFeedback> decodedLabels =
                        env.fromSource(labelsSource, watermarks(config), "labels")
                                .uid("labels-source")
                                .process(
                                        new DecodeLabels(config.jobName(), config.maxRecordBytes()))
                                .returns(new AvroTypeInfo<>(LabelFeedback.class))
                                .name("decode-labels")
                                .uid("decode-labels");
                labels = decodedLabels;
                labelDeadLetters = decodedLabels.getSideOutput(OutputTags.DEAD_LETTERS);
            } else {
                labels =
                        env.fromData(
                                        java.util.List.<LabelFeedback>of(),
                                        new AvroTypeInfo<>(LabelFeedback.class))
                                .name("no-labels")
                                .uid("no-labels");
            }
            predictions =
                    decoded.keyBy(SourcedExample::modelId)
                            .connect(labels.keyBy(LabelFeedback::getModelId))
                            .process(new PrototypeLearnerFunction(config))
                            .returns(new AvroTypeInfo<>(Prediction.class))
                            .name("test-then-train")
                            .uid("learner");
            snapshots = predictions.getSideOutput(OutputTags.SNAPSHOTS);
        } else {
            int shards = config.shardsPerModel();
            BroadcastStream<RawRecord> globals =
                    env.fromSource(
                                    snapshotFeedback,
                                    WatermarkStrategy.noWatermarks(),
                                    "model-snapshots-feedback")
                            .uid("snapshots-feedback-source")
                            .broadcast(ShardLearnerFunction.GLOBAL_MODELS);
            predictions =
                    decoded.keyBy(e -> ShardLearnerFunction.shardKey(e, shards))
                            .connect(globals)
                            .process(new ShardLearnerFunction(config))
                            .returns(new AvroTypeInfo<>(Prediction.class))
                            .name("test-then-train-shards")
                            .uid("learner-shards");
            snapshots =
                    predictions
                            .getSideOutput(OutputTags.DELTAS)
                            .keyBy(d -> d.modelId)
                            .process(new ModelMergerFunction(config))
                            .returns(new AvroTypeInfo<>(ModelSnapshot.class))
                            .name("merge-shards")
                            .uid("merger");
        }

        predictions.sinkTo(predictionSink).name("predictions-sink").uid("predictions-sink");
        snapshots.sinkTo(snapshotSink).name("snapshots-sink").uid("snapshots-sink");
        DataStream<DeadLetter> deadLetters =
                decoded.getSideOutput(OutputTags.DEAD_LETTERS)
                        .union(predictions.getSideOutput(OutputTags.DEAD_LETTERS));
        if (labelDeadLetters != null) {
            deadLetters = deadLetters.union(labelDeadLetters);
        }
        if (alertSink != null) {
            predictions
                    .getSideOutput(OutputTags.ALERTS)
                    .sinkTo(alertSink)
                    .name("alerts-sink")
                    .uid("alerts-sink");
        }
        deadLetters.sinkTo(deadLetterSink).name("dead-letters-sink").uid("dead-letters-sink");
    }

    /** Configures, builds and submits the job without waiting for it. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        configure(env);
        build(env);
        return env.executeAsync(config.jobName());
    }

    /** Configures, builds and runs the job in the context environment until it ends. */
    public JobExecutionResult execute() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env);
        build(env);
        return env.execute(config.jobName());
    }

    /** Entry point for cluster submission ({@code flink run}); see {@code --help}. */
    public static void main(String[] args) throws Exception {
        LearnerJobOptions options = new LearnerJobOptions();
        CommandLine cmd = new CommandLine(options);
        cmd.parseArgs(args);
        if (cmd.isUsageHelpRequested()) {
            cmd.usage(System.out);
            return;
        }
        onKafka(options.toConfig(), options.kafka.toSettings()).execute();
    }
}
