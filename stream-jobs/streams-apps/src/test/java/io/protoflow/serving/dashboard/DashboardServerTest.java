package io.protoflow.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import io.protoflow.serving.ModelControlWriter;
import io.protoflow.serving.telemetry.ServingMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardServerTest {

    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<DashboardServer.AdminCommand> commands = new CopyOnWriteArrayList<>();
    private DashboardState state;
    private PrometheusMeterRegistry registry;
    private DashboardServer server;
    private String base;

    private DashboardServer start(String token) {
        state = DashboardStateTest.populated();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServingMetrics metrics = new ServingMetrics(registry);
        metrics.served(DashboardStateTest.prediction("cat", "cat", false, 1));
        metrics.deadLetter("NON_FINITE", "m");
        DashboardServer s =
                new DashboardServer(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        state,
                        registry,
                        token,
                        command -> {
                            commands.add(command);
                            return ModelControlWriter.command(
                                    command.modelId(),
                                    command.action(),
                                    command.version(),
                                    command.reason(),
                                    command.issuedBy(),
                                    Instant.ofEpochMilli(42));
                        },
                        () -> "RUNNING");
        s.start();
        base = "http://127.0.0.1:" + s.address().getPort();
        return s;
    }

    @BeforeEach
    void startWithToken() {
        server = start(TOKEN);
    }

    @AfterEach
    void stop() {
        server.stop();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsToLoopbackAndServesThePageItsScriptAndStyles() throws Exception {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'");
        assertThat(page.body())
                .contains("<script src=\"dashboard.js\"")
                .doesNotContain("http://", "https://");
        HttpResponse<String> js = get("/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body())
                .contains("new EventSource(\"api/events\")")
                .doesNotContain("https://");
        assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void stateAndHealthAnswerJson() throws Exception {
        JsonNode doc = JSON.readTree(get("/api/state").body());
        assertThat(doc.get("models").get(0).get("totals").get("predictions").asLong()).isEqualTo(5);
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"streamsState\":\"RUNNING\"}");
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
                .contains("protoflow_serving_predictions_total{model=\"m\"} 1.0")
                .contains("protoflow_serving_dead_letters_total{error_class=\"NON_FINITE\"} 1.0")
                .contains("protoflow_serving_latency_seconds_bucket{model=\"m\",le=");
    }

    @Test
    void adminActionsNeedTheBearerToken() throws Exception {
        assertThat(post("/api/models/m/rollback?version=1", null).statusCode()).isEqualTo(401);
        assertThat(post("/api/models/m/rollback?version=1", TOKEN + "x").statusCode())
                .isEqualTo(401);
        assertThat(post("/api/models/m/rollback?version=1", "wrong").statusCode()).isEqualTo(401);
        assertThat(commands).isEmpty();

        HttpResponse<String> ok =
                post("/api/models/digits%2Fv2/rollback?version=3&reason=bad%20drift", TOKEN);
        assertThat(ok.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(ok.body());
        assertThat(answer.get("action").asText()).isEqualTo("ROLLBACK");
        assertThat(answer.get("version").asLong()).isEqualTo(3);
        assertThat(commands)
                .containsExactly(
                        new DashboardServer.AdminCommand(
                                "digits/v2",
                                ModelControlAction.ROLLBACK,
                                3L,
                                "bad drift",
                                "admin-api"));

        assertThat(post("/api/models/m/unpin", TOKEN).statusCode()).isEqualTo(202);
        HttpResponse<String> bad = post("/api/models/m/pin", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("PIN needs a version");
        assertThat(post("/api/models/m/pin?version=x", TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("/api/models/m/explode", TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/api/models/m/unpin").statusCode()).isEqualTo(405);
        // the malformed PIN reached the admin function, which refused it
        assertThat(commands).hasSize(3);
    }

    @Test
    void adminActionsAreRefusedWithoutAConfiguredToken() throws Exception {
        server.stop();
        server = start(null);
        HttpResponse<String> refused = post("/api/models/m/rollback?version=1", "anything");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("--admin-token", "PROTOFLOW_ADMIN_TOKEN");
        assertThat(commands).isEmpty();
    }

    @Test
    void requestsForAnotherHostNameAreRefusedOnLoopback() throws Exception {
        assertThat(rawStatus("evil.example:" + server.address().getPort())).isEqualTo(403);
        assertThat(rawStatus("localhost:" + server.address().getPort())).isEqualTo(200);
        assertThat(rawStatus("[::1]:" + server.address().getPort())).isEqualTo(200);
    }

    private int rawStatus(String host) throws Exception {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET /api/state HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.US_ASCII));
            return Integer.parseInt(in.readLine().split(" ")[1]);
        }
    }

    @Test
    void eventStreamPushesTheStateAndEveryChange() throws Exception {
        HttpResponse<Stream<String>> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/events"))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/event-stream");
        Iterator<String> lines = response.body().iterator();
        JsonNode first = nextState(lines);
        assertThat(first.get("deadLetters").get("NON_FINITE").asLong()).isEqualTo(2);
        state.deadLetter("NON_FINITE", "m");
        JsonNode second = nextState(lines);
        assertThat(second.get("deadLetters").get("NON_FINITE").asLong()).isEqualTo(3);
        assertThat(second.get("changes").asLong()).isGreaterThan(first.get("changes").asLong());
        response.body().close();
    }

    private static JsonNode nextState(Iterator<String> lines) throws Exception {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.equals("event: state")) {
                String data = lines.next();
                assertThat(data).startsWith("data: ");
                return JSON.readTree(data.substring("data: ".length()));
            }
        }
        throw new AssertionError("event stream ended");
    }

    @Test
    void adminCommandRecordNamesTheControlFields() {
        ModelControl c =
                ModelControlWriter.command(
                        "m", ModelControlAction.PIN, 2L, null, "me", Instant.ofEpochMilli(1));
        assertThat(c.getAction()).isEqualTo(ModelControlAction.PIN);
    }
}
