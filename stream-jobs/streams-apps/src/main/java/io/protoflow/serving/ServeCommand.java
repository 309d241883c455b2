package io.protoflow.serving;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code protoflow serve}: runs the serving app until it is stopped (Ctrl-C, SIGTERM). Also the
 * entry point of {@link ServingApp#main}. Flags are parsed here; the records validate.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve predictions for protoflow.inference-requests with the newest model snapshot"
                    + " (or a pinned one), with a live dashboard, Prometheus metrics and admin"
                    + " actions over HTTP.",
            "HTTP binds to 127.0.0.1 unless --bind-address says otherwise; admin actions need"
                    + " --admin-token (or PROTOFLOW_ADMIN_TOKEN)."
        })
public final class ServeCommand implements Callable<Integer> {

    /** The environment variable read when {@code --admin-token} is not given. */
    public static final String TOKEN_ENV = "PROTOFLOW_ADMIN_TOKEN";

    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Kafka client or Kafka Streams property, repeatable (security.protocol, sasl.*,"
                            + " ssl.*, processing.guarantee, num.stream.threads).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(
            names = "--application-id",
            defaultValue = ServingSettings.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--topic-prefix",
            defaultValue = "",
            description = "Prefix for every topic name (default: none).")
    String topicPrefix;

    @Option(
            names = "--http-port",
            defaultValue = "" + ServingSettings.DEFAULT_HTTP_PORT,
            description = "HTTP port of the dashboard and /metrics (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--bind-address",
            defaultValue = "127.0.0.1",
            description =
                    "Address the HTTP server listens on (default: ${DEFAULT-VALUE}, loopback only)."
                            + " 0.0.0.0 exposes it to the network.")
    String bindAddress;

    @Option(
            names = "--admin-token",
            description =
                    "Bearer token for admin actions (at least "
                            + ServingSettings.MIN_TOKEN_LENGTH
                            + " characters). Default: the "
                            + TOKEN_ENV
                            + " environment variable; without either, admin actions are"
                            + " refused.")
    String adminToken;

    @Option(
            names = "--top-k",
            defaultValue = "" + ServingConfig.DEFAULT_TOP_K,
            description = "Ranked labels per prediction (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--retained-versions",
            defaultValue = "" + ServingConfig.DEFAULT_RETAINED_VERSIONS,
            description =
                    "Snapshot versions kept per model for pin and rollback (default:"
                            + " ${DEFAULT-VALUE}).")
    int retainedVersions;

    @Option(
            names = "--state-dir",
            description = "Kafka Streams state directory (default: a temporary one).")
    Path stateDir;

    @Option(
            names = "--create-topics",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Create missing topics at start; --no-create-topics leaves that to you"
                            + " (default: create).")
    boolean createTopics;

    @Option(
            names = "--partitions",
            defaultValue = "1",
            description = "Partitions of topics created at start (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description =
                    "Replication factor of topics created at start (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** The settings the flags describe; the token falls back to {@value #TOKEN_ENV}. */
    public ServingSettings settings(Map<String, String> environment) {
        String token = adminToken != null ? adminToken : environment.get(TOKEN_ENV);
        if (token != null && token.isBlank()) {
            token = null;
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "--bind-address must be an address or resolvable name, got '"
                            + bindAddress
                            + "'",
                    e);
        }
        ServingConfig config = ServingConfig.defaults();
        config = new ServingConfig(topicPrefix, topK, retainedVersions, config.oodScoring());
        return new ServingSettings(
                config,
                bootstrapServers,
                applicationId,
                kafkaProperties,
                stateDir,
                createTopics,
                partitions,
                replicationFactor,
                bind,
                httpPort,
                token);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ServingSettings settings = settings(System.getenv());
        out.println(
                "Serving: connecting to Kafka at "
                        + settings.bootstrapServers()
                        + " (application id '"
                        + settings.applicationId()
                        + "', topic prefix '"
                        + settings.serving().topicPrefix()
                        + "') ...");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        ServingApp app = ServingApp.start(settings);
        Thread hook =
                new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "protoflow-serving-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Dashboard: " + app.url() + "   metrics: " + app.url() + "metrics");
        out.println(
                settings.adminEnabled()
                        ? "Admin actions: enabled (POST /api/models/{id}/pin|unpin|rollback with"
                                + " 'Authorization: Bearer <token>')"
                        : "Admin actions: disabled (no --admin-token or "
                                + TOKEN_ENV
                                + "); `protoflow model` writes commands to Kafka directly");
        if (!settings.bindAddress().isLoopbackAddress()) {
            out.println(
                    "Warning: HTTP listens on "
                            + settings.bindAddress().getHostAddress()
                            + ", not loopback: put it behind TLS and access control.");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Runs {@code serve} with these arguments; returns the exit status. */
    public static int run(String... args) {
        CommandLine cmd =
                new CommandLine(new ServeCommand())
                        .setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8))
                        .setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        cmd.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException) {
                        commandLine.getErr().println("serve: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
        return cmd.execute(args);
    }
}
