package io.protoflow.serving.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving app's HTTP server (the JDK's {@code com.sun.net.httpserver}, one virtual thread per
 * exchange):
 *
 * <ul>
 *   <li>{@code GET /}: the dashboard (HTML, {@code dashboard.js}, {@code dashboard.css}; no
 *       third-party code, charts drawn as SVG, so it works offline);
 *   <li>{@code GET /api/state}: the dashboard's JSON; {@code GET /api/events}: the same document as
 *       server-sent events, pushed on every change;
 *   <li>{@code GET /metrics}: Prometheus text format; {@code GET /healthz}: 200 while Kafka Streams
 *       runs (or rebalances), else 503;
 *   <li>{@code POST /api/models/{id}/pin?version=N}, {@code .../rollback[?version=N]}, {@code
 *       .../unpin} (optional {@code reason}, {@code issuedBy}): admin actions, which need {@code
 *       Authorization: Bearer <token>} and are refused (403) when the app has no token.
 * </ul>
 *
 * Bound to loopback (the default), it also refuses requests whose {@code Host} is not a loopback
 * name, so a web page elsewhere cannot reach it through DNS rebinding.
 */
public final class DashboardServer {

    /** Most server-sent-event streams open at once. */
    public static final int MAX_EVENT_STREAMS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final long EVENT_MIN_INTERVAL_MILLIS = 250;
    private static final long EVENT_HEARTBEAT_MILLIS = 15_000;
    private static final Set<String> LOOPBACK_HOSTS =
            Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Map<String, String> STATIC =
            Map.of(
                    "/", "dashboard.html",
                    "/index.html", "dashboard.html",
                    "/dashboard.js", "dashboard.js",
                    "/dashboard.css", "dashboard.css");

    /**
     * An admin action asked for over HTTP.
     *
     * @param modelId the model
     * @param action PIN, UNPIN or ROLLBACK
     * @param version target version, or null
     * @param reason why, or null
     * @param issuedBy who, as the request says ({@code admin-api} when it says nothing)
     */
    public record AdminCommand(
            String modelId,
            ModelControlAction action,
            Long version,
            String reason,
            String issuedBy) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardState dashboard;
    private final PrometheusMeterRegistry registry;
    private final byte[] adminToken;
    private final Function<AdminCommand, ModelControl> admin;
    private final Supplier<String> streamsState;
    private final boolean loopback;
    private final Semaphore eventStreams = new Semaphore(MAX_EVENT_STREAMS);
    private volatile boolean stopping;

    /**
     * Binds the server (not started yet).
     *
     * @param address where to listen; port 0 for any free port
     * @param adminToken the bearer token of admin actions, or null to refuse them all
     * @param admin carries out an admin action and returns the command written
     * @param streamsState the Kafka Streams state name, for {@code /healthz}
     * @throws UncheckedIOException if the address cannot be bound
     */
    public DashboardServer(
            InetSocketAddress address,
            DashboardState dashboard,
            PrometheusMeterRegistry registry,
            String adminToken,
            Function<AdminCommand, ModelControl> admin,
            Supplier<String> streamsState) {
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.admin = Objects.requireNonNull(admin, "admin");
        this.streamsState = Objects.requireNonNull(streamsState, "streamsState");
        this.loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        try {
            this.server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e, e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts answering. */
    public void start() {
        server.start();
        LOG.info(
                "dashboard on http://{}:{}/",
                address().getAddress().getHostAddress(),
                address().getPort());
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops answering; open event streams end. */
    public void stop() {
        stopping = true;
        dashboard.wakeWaiters();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                sendText(exchange, 403, "Host must be a loopback name (localhost, 127.0.0.1)");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/models/")) {
                handleAdmin(exchange, path);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "method " + method + " not allowed on " + path);
                return;
            }
            switch (path) {
                case "/api/state" -> sendJson(exchange, 200, dashboard.toJson());
                case "/api/events" -> streamEvents(exchange);
                case "/metrics" ->
                        send(
                                exchange,
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                registry.scrape().getBytes(StandardCharsets.UTF_8));
                case "/healthz" -> {
                    String state = streamsState.get();
                    boolean healthy = state.equals("RUNNING") || state.equals("REBALANCING");
                    sendJson(
                            exchange,
                            healthy ? 200 : 503,
                            new JsonWriter()
                                    .beginObject()
                                    .field("streamsState", state)
                                    .endObject()
                                    .toString());
                }
                default -> {
                    String resource = STATIC.get(path);
                    if (resource == null) {
                        sendText(exchange, 404, "not found: " + path);
                    } else {
                        sendStatic(exchange, resource);
                    }
                }
            }
        } catch (IOException e) {
            // The client went away.
            LOG.debug("HTTP exchange ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("HTTP handler failed on {}", exchange.getRequestURI(), e);
            throw e;
        }
    }

    private void handleAdmin(HttpExchange exchange, String path) throws IOException {
        String rest = path.substring("/api/models/".length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            sendText(exchange, 404, "expected /api/models/{modelId}/{pin|unpin|rollback}");
            return;
        }
        String modelId = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
        ModelControlAction action;
        try {
            action = ModelControlAction.valueOf(rest.substring(slash + 1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            action = ModelControlAction.UNKNOWN;
        }
        if (action == ModelControlAction.UNKNOWN) {
            sendText(exchange, 404, "unknown admin action '" + rest.substring(slash + 1) + "'");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            sendText(exchange, 405, "admin actions take POST");
            return;
        }
        if (adminToken == null) {
            sendText(
                    exchange,
                    403,
                    "admin actions are disabled: start the app with --admin-token or"
                            + " PROTOFLOW_ADMIN_TOKEN");
            return;
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            sendText(exchange, 401, "a valid 'Authorization: Bearer <token>' header is required");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Long version;
        try {
            version = query.containsKey("version") ? Long.valueOf(query.get("version")) : null;
        } catch (NumberFormatException e) {
            sendText(
                    exchange,
                    400,
                    "version must be a whole number, got '" + query.get("version") + "'");
            return;
        }
        ModelControl written;
        try {
            written =
                    admin.apply(
                            new AdminCommand(
                                    modelId,
                                    action,
                                    version,
                                    query.get("reason"),
                                    query.getOrDefault("issuedBy", "admin-api")));
        } catch (IllegalArgumentException e) {
            sendText(exchange, 400, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            sendText(exchange, 503, e.getMessage());
            return;
        }
        LOG.info(
                "admin: {} {} for model '{}' by {} from {}",
                written.getAction(),
                written.getVersion(),
                modelId,
                written.getIssuedBy(),
                exchange.getRemoteAddress());
        sendJson(
                exchange,
                202,
                new JsonWriter()
                        .beginObject()
                        .field("modelId", written.getModelId())
                        .field("action", written.getAction().name())
                        .field("version", written.getVersion())
                        .field("issuedBy", written.getIssuedBy())
                        .field("reason", written.getReason())
                        .field("issuedAt", written.getIssuedAt().toEpochMilli())
                        .endObject()
                        .toString());
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time: the comparison must not leak how much of the token matched.
        return MessageDigest.isEqual(given, adminToken);
    }

    private void streamEvents(HttpExchange exchange) throws IOException {
        if (!eventStreams.tryAcquire()) {
            sendText(exchange, 503, "too many event streams open (" + MAX_EVENT_STREAMS + ")");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long seen = -1;
            long lastSent = 0;
            while (!stopping) {
                long now = System.currentTimeMillis();
                long wait = Math.max(0, lastSent + EVENT_MIN_INTERVAL_MILLIS - now);
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long current = dashboard.awaitChange(seen, EVENT_HEARTBEAT_MILLIS);
                if (stopping) {
                    break;
                }
                if (current == seen) {
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    seen = current;
                    String event = "event: state\ndata: " + dashboard.toJson() + "\n\n";
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    lastSent = System.currentTimeMillis();
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventStreams.release();
        }
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(0, end + 1);
        } else if (name.indexOf(':') >= 0 && name.indexOf(':') == name.lastIndexOf(':')) {
            name = name.substring(0, name.indexOf(':'));
        }
        return LOOPBACK_HOSTS.contains(name);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(
                    URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    private void sendStatic(HttpExchange exchange, String resource) throws IOException {
        byte[] body;
        try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                sendText(exchange, 500, "resource " + resource + " missing from the build");
                return;
            }
            body = in.readAllBytes();
        }
        String type =
                resource.endsWith(".html")
                        ? "text/html; charset=utf-8"
                        : resource.endsWith(".js")
                                ? "text/javascript; charset=utf-8"
                                : "text/css; charset=utf-8";
        exchange.getResponseHeaders()
                .set(
                        "Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(exchange, 200, type, body);
    }

    private static void sendJson(HttpExchange exchange, int status, String json)
            throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(
                exchange,
                status,
                "application/json; charset=utf-8",
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendText(HttpExchange exchange, int status, String text)
            throws IOException {
        send(
                exchange,
                status,
                "text/plain; charset=utf-8",
                (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
