package io.protoflow.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka KRaft node (broker and controller in one process) listening on 127.0.0.1: the
 * development broker of the local command and the broker of the integration tests.
 *
 * <p>{@link #start(Config)} formats the storage on first use only (a persistent data directory is
 * reused as is, with its cluster id, topics and records), starts {@code KafkaRaftServer} and
 * returns once {@code Admin.describeCluster()} shows the node, typically after 2-3 s. The port
 * picked for a persistent data directory is remembered there and preferred on the next start, so
 * clients of a previous run can reconnect.
 *
 * <p>Kafka logs a lot at INFO (over a thousand lines for a start, a restart and two stops). Callers
 * that want a quiet console set these loggers to WARN: {@code kafka}, {@code org.apache.kafka} and
 * {@code state.change.logger} (the broker, controller, raft, storage, coordinator and client
 * loggers all live below the first two). Two benign WARN lines remain: {@code
 * org.apache.kafka.controller.QuorumController} "Performing controller activation" when a fresh
 * directory is first started, and {@code org.apache.kafka.clients.NetworkClient} "Attempting to
 * close NetworkClient that has already been closed" on every stop.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The node id of the single broker/controller. */
    public static final int NODE_ID = 1;

    /**
     * The broker's {@code message.max.bytes} and {@code replica.fetch.max.bytes}: model snapshots
     * can be large. Producers of large records must raise {@code max.request.size} themselves.
     */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    /** The file in the data directory that remembers cluster id and ports between runs. */
    public static final String STATE_FILE_NAME = "embedded-broker.properties";

    /** The Kafka log directory inside the data directory. */
    public static final String LOG_DIR_NAME = "kafka-logs";

    static final String LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_BACKOFF = Duration.ofMillis(50);
    private static final int MAX_START_ATTEMPTS = 3;
    private static final String META_PROPERTIES = "meta.properties";
    private static final String STATE_CLUSTER_ID = "cluster.id";
    private static final String STATE_PORT = "port";
    private static final String STATE_CONTROLLER_PORT = "controller.port";

    /**
     * Broker settings the broker itself owns: an override of any of them would break the
     * single-node, 127.0.0.1-only contract, so {@link Config} rejects them.
     */
    static final Set<String> RESERVED_KEYS =
            Set.of(
                    "process.roles",
                    "node.id",
                    "broker.id",
                    "listeners",
                    "advertised.listeners",
                    "listener.security.protocol.map",
                    "controller.listener.names",
                    "inter.broker.listener.name",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "log.dir",
                    "log.dirs",
                    "metadata.log.dir");

    /**
     * Where and how to run the broker.
     *
     * @param dataDir the directory holding the Kafka logs and the remembered state; {@code null}
     *     means a fresh temporary directory that {@link #close()} deletes
     * @param port the PLAINTEXT port on 127.0.0.1; 0 picks one (the one remembered in a reused
     *     {@code dataDir} if it is free)
     * @param controllerPort the CONTROLLER port on 127.0.0.1; 0 picks one like {@code port}
     * @param overrides broker settings applied last (e.g. {@code log.retention.ms}); the listener,
     *     quorum, role and directory settings in {@link #RESERVED_KEYS} are not allowed
     */
    public record Config(
            Path dataDir, int port, int controllerPort, Map<String, String> overrides) {

        public Config {
            if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException(
                        "dataDir must be a directory, got " + dataDir + " (a file)");
            }
            requirePort("port", port);
            requirePort("controllerPort", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException(
                        "controllerPort must differ from port, got " + port + " for both");
            }
            if (overrides == null) {
                throw new IllegalArgumentException("overrides must not be null, got null");
            }
            Map<String, String> copy = new TreeMap<>();
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                    throw new IllegalArgumentException(
                            "overrides must have non-blank keys and non-null values, got "
                                    + e.getKey()
                                    + "="
                                    + e.getValue());
                }
                if (RESERVED_KEYS.contains(e.getKey())) {
                    throw new IllegalArgumentException(
                            "overrides must not set "
                                    + e.getKey()
                                    + " (the embedded broker manages it), got "
                                    + e.getKey()
                                    + "="
                                    + e.getValue());
                }
                copy.put(e.getKey(), e.getValue());
            }
            overrides = Collections.unmodifiableMap(copy);
        }

        /** A temporary data directory, free ports, no overrides. */
        public static Config defaults() {
            return new Config(null, 0, 0, Map.of());
        }

        /** This config with another data directory ({@code null}: temporary). */
        public Config withDataDir(Path newDataDir) {
            return new Config(newDataDir, port, controllerPort, overrides);
        }

        /** This config with another PLAINTEXT port (0: pick one). */
        public Config withPort(int newPort) {
            return new Config(dataDir, newPort, controllerPort, overrides);
        }

        /** This config with another CONTROLLER port (0: pick one). */
        public Config withControllerPort(int newControllerPort) {
            return new Config(dataDir, port, newControllerPort, overrides);
        }

        /** This config with one more broker setting override. */
        public Config withOverride(String key, String value) {
            Map<String, String> merged = new LinkedHashMap<>(overrides);
            merged.put(key, value);
            return new Config(dataDir, port, controllerPort, merged);
        }

        private static void requirePort(String field, int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException(
                        field + " must be in [0, 65535] (0: pick a free port), got " + value);
            }
        }
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String clusterId;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            Path dataDir,
            boolean temporaryDataDir,
            String clusterId,
            int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.clusterId = clusterId;
        this.port = port;
    }

    /**
     * Starts a broker and returns once it serves clients.
     *
     * @throws IllegalStateException if the broker cannot start (e.g. a port is taken) or does not
     *     show up in {@code describeCluster} within 60 s; the message names the ports and the cause
     */
    public static EmbeddedKafkaBroker start(Config config) {
        Objects.requireNonNull(config, "config");
        boolean temporary = config.dataDir() == null;
        Path dir;
        try {
            dir =
                    temporary
                            ? Files.createTempDirectory("protoflow-kafka-")
                            : Files.createDirectories(config.dataDir().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataDir " + config.dataDir(), e);
        }
        try {
            return startIn(dir, temporary, config);
        } catch (RuntimeException | Error e) {
            if (temporary) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    private static EmbeddedKafkaBroker startIn(Path dir, boolean temporary, Config config) {
        long started = System.nanoTime();
        Path logDir = dir.resolve(LOG_DIR_NAME);
        Properties remembered = readProperties(dir.resolve(STATE_FILE_NAME));
        String clusterId =
                Optional.ofNullable(
                                readProperties(logDir.resolve(META_PROPERTIES))
                                        .getProperty(STATE_CLUSTER_ID))
                        .or(() -> Optional.ofNullable(remembered.getProperty(STATE_CLUSTER_ID)))
                        .orElseGet(() -> Uuid.randomUuid().toString());
        int rememberedPort = parsePort(remembered.getProperty(STATE_PORT));
        int rememberedControllerPort = parsePort(remembered.getProperty(STATE_CONTROLLER_PORT));
        requireFreeIfExplicit("port", config.port());
        requireFreeIfExplicit("controllerPort", config.controllerPort());

        for (int attempt = 1; ; attempt++) {
            int port =
                    choosePort(
                            config.port(),
                            attempt == 1 ? rememberedPort : 0,
                            config.controllerPort());
            int controllerPort =
                    choosePort(
                            config.controllerPort(),
                            attempt == 1 ? rememberedControllerPort : 0,
                            port);
            if (attempt == 1
                    && config.port() == 0
                    && rememberedPort > 0
                    && port != rememberedPort) {
                LOG.warn(
                        "Port {} remembered in {} is taken, the broker uses {} instead",
                        rememberedPort,
                        dir,
                        port);
            }
            try {
                KafkaRaftServer server =
                        startServer(logDir, clusterId, port, controllerPort, config);
                try {
                    writeState(dir, clusterId, port, controllerPort);
                } catch (RuntimeException e) {
                    shutdownQuietly(server);
                    throw e;
                }
                LOG.info(
                        "Embedded Kafka broker up on {}:{} (cluster {}, dataDir {}) in {} ms",
                        HOST,
                        port,
                        clusterId,
                        dir,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return new EmbeddedKafkaBroker(server, dir, temporary, clusterId, port);
            } catch (BrokerStartException e) {
                boolean portsPicked = config.port() == 0 || config.controllerPort() == 0;
                if (!(e.bindFailure && portsPicked && attempt < MAX_START_ATTEMPTS)) {
                    throw new IllegalStateException(e.getMessage(), e.getCause());
                }
                LOG.warn("{}; retrying with other ports", e.getMessage());
            }
        }
    }

    private static KafkaRaftServer startServer(
            Path logDir, String clusterId, int port, int controllerPort, Config config) {
        String where =
                "embedded Kafka broker on "
                        + LISTENER
                        + " "
                        + HOST
                        + ":"
                        + port
                        + " / "
                        + CONTROLLER_LISTENER
                        + " "
                        + HOST
                        + ":"
                        + controllerPort;
        KafkaConfig kafkaConfig;
        try {
            kafkaConfig =
                    new KafkaConfig(
                            brokerProperties(logDir, port, controllerPort, config.overrides()),
                            false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    "overrides make an invalid broker configuration: " + e.getMessage(), e);
        }
        if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
            format(logDir, clusterId);
        }
        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        try {
            server.startup();
            awaitNodeVisible(HOST + ":" + port, where);
            return server;
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            boolean bindFailure = hasBindFailure(e);
            throw new BrokerStartException(
                    where
                            + " failed to start"
                            + (bindFailure ? " (port in use)" : "")
                            + ": "
                            + describe(e),
                    e,
                    bindFailure);
        }
    }

    static Map<String, String> brokerProperties(
            Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + port
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", LISTENER + "://" + HOST + ":" + port);
        p.put(
                "listener.security.protocol.map",
                LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", LISTENER);
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica; one partition keeps coordinator
        // loading fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("transaction.state.log.segment.bytes", Integer.toString(1024 * 1024));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("transaction.max.timeout.ms", Integer.toString(15 * 60 * 1000));
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        // The cleaner allocates its dedupe buffer up front (128 MiB by default).
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    private static void format(Path logDir, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        LOG.debug("Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).trim());
    }

    private static void awaitNodeVisible(String bootstrapServers, String where) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Throwable lastError = null;
        try (Admin admin = Admin.create(adminProperties(bootstrapServers, "startup-probe"))) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new IllegalStateException(
                            where
                                    + " did not show node "
                                    + NODE_ID
                                    + " in describeCluster within "
                                    + STARTUP_TIMEOUT.toSeconds()
                                    + " s; last error: "
                                    + (lastError == null ? "none" : describe(lastError)),
                            lastError);
                }
                int attemptMs = (int) Math.min(5_000, remainingMs);
                try {
                    Collection<Node> nodes =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
                                    .nodes()
                                    .get(attemptMs + 1_000L, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == NODE_ID)) {
                        return;
                    }
                    lastError = new IllegalStateException("describeCluster returned " + nodes);
                    LockSupport.parkNanos(POLL_BACKOFF.toNanos());
                } catch (ExecutionException e) {
                    lastError = e.getCause();
                } catch (TimeoutException e) {
                    lastError = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while waiting for " + where + " to come up", e);
                }
            }
        }
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The PLAINTEXT port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The directory holding the Kafka logs (temporary unless {@link Config#dataDir} was set). */
    public Path dataDir() {
        return dataDir;
    }

    /** The KRaft cluster id, kept across restarts on the same data directory. */
    public String clusterId() {
        return clusterId;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(adminProperties(bootstrapServers(), "admin"));
    }

    /**
     * Shuts the broker down and waits for it; deletes a temporary data directory. Calling it again
     * does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporaryDataDir) {
                deleteQuietly(dataDir);
            }
        }
        LOG.info(
                "Embedded Kafka broker on {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
    }

    private static Properties adminProperties(String bootstrapServers, String purpose) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "protoflow-embedded-kafka-" + purpose);
        return p;
    }

    private static int choosePort(int configured, int preferred, int exclude) {
        if (configured != 0) {
            return configured;
        }
        if (preferred > 0 && preferred != exclude && isFree(preferred)) {
            return preferred;
        }
        while (true) {
            int candidate = freePort();
            if (candidate != exclude) {
                return candidate;
            }
        }
    }

    private static void requireFreeIfExplicit(String field, int port) {
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException(
                    "embedded Kafka broker cannot start: "
                            + field
                            + " "
                            + port
                            + " on "
                            + HOST
                            + " is already in use");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static int parsePort(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port > 0 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Properties readProperties(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private static void writeState(Path dir, String clusterId, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty(STATE_CLUSTER_ID, clusterId);
        p.setProperty(STATE_PORT, Integer.toString(port));
        p.setProperty(STATE_CONTROLLER_PORT, Integer.toString(controllerPort));
        Path file = dir.resolve(STATE_FILE_NAME);
        Path tmp = dir.resolve(STATE_FILE_NAME + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Protoflow embedded Kafka broker: ports preferred on the next start");
            }
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static boolean hasBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error shutting down a Kafka server that failed to start", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot delete temporary Kafka data directory {}: {}", dir, e.toString());
        }
    }

    /** A start attempt that failed; {@code bindFailure} says a port was taken. */
    private static final class BrokerStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean bindFailure;

        BrokerStartException(String message, Throwable cause, boolean bindFailure) {
            super(message, cause);
            this.bindFailure = bindFailure;
        }
    }
}
