package io.protoflow.serving.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.serving.ServingApp;
import io.protoflow.serving.ServingScenario;
import io.protoflow.serving.ServingSettings;
import io.protoflow.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Grafana dashboard and the Prometheus config in {@code ops/} agree with what the serving app
 * really exports: a running app against the embedded broker is driven through every code path that
 * registers a meter, its {@code /metrics} endpoint is scraped, and every metric named by a panel
 * query or a template variable must be among the scraped ones.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class GrafanaDashboardIT {

    static Path ops() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ops/grafana"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("an ops/grafana folder above the working directory").isNotNull();
        return dir.resolve("ops");
    }

    static Set<String> scrapedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    @Test
    void everyPanelQueryNamesAMetricTheRunningAppExports(EmbeddedKafkaBroker broker)
            throws Exception {
        ServingScenario scenario = new ServingScenario(broker, "it-grafana.", "grafana-model");
        try (ServingApp app = scenario.startAndDrive()) {
            HttpResponse<String> scrape =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(app.url() + "metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            Set<String> exported = scrapedNames(scrape.body());
            assertThat(exported).contains("protoflow_serving_predictions_total");

            JsonNode dashboard =
                    new ObjectMapper()
                            .readTree(ops().resolve("grafana/protoflow-serving.json").toFile());
            List<String> problems = new ArrayList<>();
            int queries = 0;
            for (JsonNode panel : dashboard.get("panels")) {
                String title = panel.get("title").asText();
                if (!panel.has("targets") || panel.get("targets").isEmpty()) {
                    problems.add("panel '" + title + "' has no query");
                    continue;
                }
                for (JsonNode target : panel.get("targets")) {
                    String expr = target.get("expr").asText();
                    Set<String> names = PromQl.metricNames(expr);
                    queries++;
                    if (names.isEmpty()) {
                        problems.add("panel '" + title + "': no metric in '" + expr + "'");
                    }
                    for (String name : names) {
                        if (!exported.contains(name)) {
                            problems.add("panel '" + title + "': " + name + " is not exported");
                        }
                    }
                }
            }
            Pattern labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");
            for (JsonNode variable : dashboard.get("templating").get("list")) {
                if ("datasource".equals(variable.path("type").asText())) {
                    // the data source picker ${DS_PROMETHEUS} resolves to, for provisioned files
                    assertThat(variable.get("query").asText()).isEqualTo("prometheus");
                    continue;
                }
                Matcher m = labelValues.matcher(variable.get("definition").asText());
                assertThat(m.find())
                        .as("variable %s uses label_values", variable.get("name"))
                        .isTrue();
                if (!exported.contains(m.group(1))) {
                    problems.add(
                            "variable "
                                    + variable.get("name")
                                    + ": "
                                    + m.group(1)
                                    + " is not exported");
                }
            }
            assertThat(problems).as("dashboard queries against /metrics").isEmpty();
            assertThat(queries).isGreaterThanOrEqualTo(20);
            assertThat(dashboard.get("panels").size()).isGreaterThanOrEqualTo(12);

            JsonNode prometheus =
                    new YAMLMapper().readTree(ops().resolve("prometheus/prometheus.yml").toFile());
            JsonNode job = prometheus.get("scrape_configs").get(0);
            assertThat(job.get("job_name").asText()).isEqualTo("protoflow-serving");
            assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
            assertThat(job.get("static_configs").get(0).get("targets").get(0).asText())
                    .endsWith(":" + ServingSettings.DEFAULT_HTTP_PORT);
        }
    }
}
