package io.protoflow.serving;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protoflow.schemas.ModelControl;
import io.protoflow.serving.dashboard.DashboardServer;
import io.protoflow.serving.dashboard.DashboardState;
import io.protoflow.serving.telemetry.ServingMetrics;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.stream.avro.AvroSerde;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.TopicSpec;
import io.protoflow.stream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving app: a Kafka Streams topology that scores {@code protoflow.inference-requests} into
 * {@code protoflow.predictions} with the newest model snapshot (or the one a pin or rollback on
 * {@code protoflow.model-control} asks for), swapping versions while it runs, plus an HTTP server
 * on loopback with a live dashboard, Prometheus metrics and token-guarded admin actions.
 *
 * <p>The topology ({@link #buildTopology}) keeps three global stores, all in memory and rebuilt
 * from their topics at start, so every instance sees every model: snapshots by model and version
 * ({@link SnapshotUpdater}), the standing control command per model ({@link ControlUpdater}, added
 * first so it is restored before the snapshots it protects from eviction) and the latest event per
 * alert ({@link AlertRecorder}). Requests are scored by {@link InferenceProcessor}; poison requests
 * go to {@code protoflow.dead-letters}. No RocksDB store is used.
 */
public final class ServingApp implements AutoCloseable {

    /** The global store of snapshots and version indexes. */
    public static final String SNAPSHOT_STORE = "serving-model-snapshots";

    /** The global store of standing control commands. */
    public static final String CONTROL_STORE = "serving-model-control";

    /** The global store of the latest event per alert key. */
    public static final String ALERT_STORE = "serving-alerts";

    static final String PREDICTIONS_SINK = "predictions-sink";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);

    private final ServingSettings settings;
    private final PrometheusMeterRegistry registry;
    private final DashboardState dashboard;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ModelControlWriter controlWriter;
    private final DashboardServer server;
    private final Path stateDir;
    private final boolean ownStateDir;

    /** The topology without telemetry. */
    public static Topology buildTopology(ServingConfig config) {
        return buildTopology(config, ServingTelemetry.none());
    }

    /**
     * The serving topology, exactly as the running app builds it.
     *
     * @param telemetry receives what the processors observe (metrics, dashboard)
     */
    public static Topology buildTopology(ServingConfig config, ServingTelemetry telemetry) {
        Topology topology = new Topology();
        StringDeserializer keys = new StringDeserializer();
        ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        topology.addGlobalStore(
                inMemory(CONTROL_STORE),
                "model-control-source",
                keys,
                bytes,
                config.topic(Topics.MODEL_CONTROL.name()),
                "model-control-updater",
                () -> new ControlUpdater(CONTROL_STORE, telemetry));
        topology.addGlobalStore(
                inMemory(SNAPSHOT_STORE),
                "model-snapshots-source",
                keys,
                bytes,
                config.topic(Topics.MODEL_SNAPSHOTS.name()),
                "model-snapshots-updater",
                () ->
                        new SnapshotUpdater(
                                SNAPSHOT_STORE,
                                CONTROL_STORE,
                                config.retainedVersions(),
                                telemetry));
        topology.addGlobalStore(
                inMemory(ALERT_STORE),
                "alerts-source",
                keys,
                bytes,
                config.topic(Topics.ALERTS.name()),
                "alerts-recorder",
                () -> new AlertRecorder(ALERT_STORE, telemetry));
        topology.addSource(
                "inference-requests-source",
                bytes,
                bytes,
                config.topic(Topics.INFERENCE_REQUESTS.name()));
        topology.addProcessor(
                "score",
                () -> new InferenceProcessor(config, telemetry),
                "inference-requests-source");
        topology.addSink(
                PREDICTIONS_SINK,
                config.topic(Topics.PREDICTIONS.name()),
                new StringSerializer(),
                valueSerializer(Topics.PREDICTIONS),
                "score");
        topology.addSink(
                DEAD_LETTERS_SINK,
                config.topic(Topics.DEAD_LETTERS.name()),
                new StringSerializer(),
                valueSerializer(Topics.DEAD_LETTERS),
                "score");
        return topology;
    }

    /** The registry topics the app reads or writes. */
    public static List<TopicSpec<?>> topics() {
        return List.of(
                Topics.INFERENCE_REQUESTS,
                Topics.PREDICTIONS,
                Topics.MODEL_SNAPSHOTS,
                Topics.MODEL_CONTROL,
                Topics.ALERTS,
                Topics.DEAD_LETTERS);
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> inMemory(String name) {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name),
                        org.apache.kafka.common.serialization.Serdes.String(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray())
                .withLoggingDisabled();
    }

    // Predictions and dead letters share one processor, so its output is typed by their common
    // base; each sink's serializer receives only its own record type.
    @SuppressWarnings("unchecked")
    private static <V extends org.apache.avro.specific.SpecificRecordBase>
            Serializer<org.apache.avro.specific.SpecificRecordBase> valueSerializer(
                    TopicSpec<V> spec) {
        AvroSerde<V> serde = spec.serde();
        return (Serializer<org.apache.avro.specific.SpecificRecordBase>)
                (Serializer<?>) serde.serializer();
    }

    private ServingApp(ServingSettings settings) {
        this.settings = settings;
        if (settings.stateDir() == null) {
            try {
                this.stateDir = Files.createTempDirectory("protoflow-serving-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a Kafka Streams state directory", e);
            }
            this.ownStateDir = true;
        } else {
            this.stateDir = settings.stateDir();
            this.ownStateDir = false;
        }
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.dashboard = new DashboardState(Clock.systemUTC());
        // Bind the port first: a busy port fails before any Kafka work.
        this.server =
                new DashboardServer(
                        new InetSocketAddress(settings.bindAddress(), settings.httpPort()),
                        dashboard,
                        registry,
                        settings.adminToken(),
                        this::admin,
                        this::streamsStateName);
        KafkaStreams createdStreams = null;
        try {
            if (settings.createTopics()) {
                createTopics(settings);
            }
            ServingMetrics metrics = new ServingMetrics(registry);
            Topology topology =
                    buildTopology(settings.serving(), ServingTelemetry.of(metrics, dashboard));
            createdStreams = new KafkaStreams(topology, streamsProperties(settings, stateDir));
            this.streamsMetrics = new KafkaStreamsMetrics(createdStreams);
            streamsMetrics.bindTo(registry);
            createdStreams.setStateListener((now, before) -> dashboard.streamsState(now.name()));
            createdStreams.setUncaughtExceptionHandler(
                    e -> {
                        LOG.error("serving app stream thread failed; shutting the app down", e);
                        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                                .SHUTDOWN_CLIENT;
                    });
            this.controlWriter =
                    new ModelControlWriter(
                            settings.bootstrapServers(),
                            settings.serving().topicPrefix(),
                            settings.kafkaProperties());
        } catch (RuntimeException e) {
            if (createdStreams != null) {
                createdStreams.close(Duration.ofSeconds(5));
            }
            server.stop();
            registry.close();
            if (ownStateDir) {
                deleteQuietly(stateDir);
            }
            throw e;
        }
        this.streams = createdStreams;
    }

    private String streamsStateName() {
        KafkaStreams s = streams;
        return s == null ? "CREATED" : s.state().name();
    }

    /**
     * Creates missing topics (when configured), starts Kafka Streams and the HTTP server.
     *
     * @throws IllegalStateException if topics cannot be created or the port cannot be bound
     */
    public static ServingApp start(ServingSettings settings) {
        ServingApp app = new ServingApp(settings);
        try {
            app.server.start();
            app.streams.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("serving app started: {}", settings);
        return app;
    }

    /** The settings the app runs with. */
    public ServingSettings settings() {
        return settings;
    }

    /** The address the HTTP server listens on (the real port when 0 was asked for). */
    public InetSocketAddress httpAddress() {
        return server.address();
    }

    /** The dashboard's base URL, e.g. {@code http://127.0.0.1:8088/}. */
    public String url() {
        InetSocketAddress a = httpAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/";
    }

    /** The Kafka Streams state, e.g. {@code RUNNING}. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The metrics registry behind {@code /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** What the dashboard shows. */
    public DashboardState dashboard() {
        return dashboard;
    }

    private ModelControl admin(DashboardServer.AdminCommand command) {
        ModelControl control =
                ModelControlWriter.command(
                        command.modelId(),
                        command.action(),
                        command.version(),
                        command.reason(),
                        command.issuedBy(),
                        Instant.now());
        controlWriter.write(control);
        return control;
    }

    @Override
    public void close() {
        server.stop();
        // Leave the group: the app keeps no local task state, so the partitions should move to
        // the other instances (or to this one restarting) at once, not after the session timeout.
        streams.close(
                CloseOptions.groupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        controlWriter.close();
        registry.close();
        if (ownStateDir) {
            deleteQuietly(stateDir);
        }
    }

    private static Properties streamsProperties(ServingSettings settings, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // Snapshots may be up to Topics.MAX_SNAPSHOT_BYTES.
        p.put(
                StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Topics.MAX_SNAPSHOT_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(settings.kafkaProperties());
        return p;
    }

    private static void createTopics(ServingSettings settings) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.putAll(settings.kafkaProperties());
        try (Admin admin = Admin.create(p)) {
            TopicAdmin.createIfMissing(
                    admin,
                    topics(),
                    settings.serving().topicPrefix(),
                    settings.partitions(),
                    settings.replicationFactor(),
                    Duration.ofSeconds(60));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.deleteIfExists(path);
                                } catch (IOException e) {
                                    LOG.debug("cannot delete {}", path, e);
                                }
                            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir, e);
        }
    }

    /** Runs the app from the command line ({@link ServeCommand}). */
    public static void main(String[] args) {
        System.exit(ServeCommand.run(args));
    }
}
