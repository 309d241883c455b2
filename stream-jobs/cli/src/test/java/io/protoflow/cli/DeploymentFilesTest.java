package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.protoflow.flink.learner.LearnerJobConfig;
import io.protoflow.flink.learner.LearnerJobOptions;
import io.protoflow.serving.ServeCommand;
import io.protoflow.serving.ServingSettings;
import io.protoflow.stream.topics.TopicSpec;
import io.protoflow.stream.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import picocli.CommandLine;

/**
 * The deployment files of {@code docker/} and {@code ops/} agree with the code. No Docker engine or
 * Kubernetes cluster runs here, so this structural check is what stands between a renamed topic,
 * port, class or artifact and a deployment that fails only when someone starts it.
 */
class DeploymentFilesTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path ROOT = repositoryRoot();

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a docker/compose.yaml above the working directory").isNotNull();
        return dir;
    }

    private static List<JsonNode> documents(String relative) throws IOException {
        try (var it =
                YAML.readerFor(JsonNode.class)
                        .<JsonNode>readValues(ROOT.resolve(relative).toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            it.forEachRemaining(
                    d -> {
                        if (d != null && !d.isMissingNode() && !d.isNull()) {
                            docs.add(d);
                        }
                    });
            return docs;
        }
    }

    private static JsonNode yaml(String relative) throws IOException {
        List<JsonNode> docs = documents(relative);
        assertThat(docs).as(relative).hasSize(1);
        return docs.get(0);
    }

    private static JsonNode compose() throws IOException {
        return yaml("docker/compose.yaml").path("services");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String pomValue(String pom, String tag) throws Exception {
        var doc =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(ROOT.resolve(pom).toFile());
        Element project = doc.getDocumentElement();
        for (var n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        var props = project.getElementsByTagName(tag);
        assertThat(props.getLength()).as(tag + " in " + pom).isGreaterThan(0);
        return props.item(0).getTextContent().trim();
    }

    private static String version() throws Exception {
        return pomValue("pom.xml", "version");
    }

    private static List<String> dockerfileLines(String relative) throws IOException {
        // Joins continuation lines so each instruction is one line.
        String text = Files.readString(ROOT.resolve(relative)).replaceAll("\\\\\\n\\s*", " ");
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static List<String> images() throws Exception {
        List<String> images = new ArrayList<>();
        compose().forEach(s -> images.add(s.path("image").asText()));
        for (String dockerfile :
                List.of("docker/learner-job/Dockerfile", "docker/apps/Dockerfile")) {
            dockerfileLines(dockerfile).stream()
                    .filter(l -> l.startsWith("FROM "))
                    .forEach(l -> images.add(l.substring(5).trim()));
        }
        images.add(yaml("ops/k8s/flinkdeployment.yaml").path("spec").path("image").asText());
        for (JsonNode doc : documents("ops/k8s/serving.yaml")) {
            doc.path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .forEach(c -> images.add(c.path("image").asText()));
        }
        return images;
    }

    @Test
    void everyDeploymentYamlParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk =
                Stream.concat(
                        Files.walk(ROOT.resolve("docker")), Files.walk(ROOT.resolve("ops")))) {
            files = walk.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        assertThat(files.stream().map(p -> ROOT.relativize(p).toString()))
                .contains(
                        "docker/compose.yaml",
                        "ops/k8s/flinkdeployment.yaml",
                        "ops/k8s/topics.yaml",
                        "ops/k8s/serving.yaml",
                        "ops/prometheus/prometheus.yml",
                        "ops/flink/config.yaml");
        for (Path file : files) {
            List<JsonNode> docs = documents(ROOT.relativize(file).toString());
            assertThat(docs).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
        }
        assertThat(yaml("ops/k8s/flinkdeployment.yaml").path("kind").asText())
                .isEqualTo("FlinkDeployment");
        assertThat(documents("ops/k8s/serving.yaml").stream().map(d -> d.path("kind").asText()))
                .containsExactly("Deployment", "Service");
    }

    @Test
    void everyImageTagIsPinnedAndMatchesTheBuild() throws Exception {
        List<String> images = images();
        assertThat(images).hasSizeGreaterThanOrEqualTo(11);
        for (String image : images) {
            assertThat(image).as("image").matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(tag).as(image).isNotEqualTo("latest").matches(".*\\d.*");
        }
        String flink = pomValue("pom.xml", "flink.version");
        String kafka = pomValue("pom.xml", "kafka.version");
        assertThat(images)
                .filteredOn(i -> i.startsWith("flink:"))
                .containsOnly("flink:" + flink + "-java21");
        assertThat(images)
                .filteredOn(i -> i.startsWith("apache/kafka:"))
                .containsOnly("apache/kafka:" + kafka);
        assertThat(images)
                .filteredOn(i -> i.startsWith("eclipse-temurin:"))
                .allMatch(i -> i.contains(":21"));
        String version = version();
        assertThat(images)
                .filteredOn(i -> i.startsWith("protoflow/"))
                .hasSizeGreaterThanOrEqualTo(4)
                .allMatch(i -> i.endsWith(":" + version));
    }

    @Test
    void prometheusTargetsAreComposeServicesOnTheirMetricsPorts() throws Exception {
        JsonNode services = compose();
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (JsonNode job : yaml("ops/prometheus/prometheus.yml").path("scrape_configs")) {
            for (JsonNode sc : job.path("static_configs")) {
                for (String t : strings(sc.path("targets"))) {
                    targets.put(
                            t.substring(0, t.indexOf(':')),
                            Integer.parseInt(t.substring(t.indexOf(':') + 1)));
                }
            }
        }
        assertThat(targets)
                .containsOnlyKeys(
                        "protoflow-serving",
                        "protoflow-search",
                        "flink-jobmanager",
                        "flink-taskmanager");
        targets.keySet().forEach(name -> assertThat(services.has(name)).as(name).isTrue());

        // Serving: the compose command yields the default port, reachable from the network.
        ServeCommand serve = new ServeCommand();
        List<String> args = strings(services.path("protoflow-serving").path("command"));
        assertThat(args.get(0)).isEqualTo("serve");
        new CommandLine(serve).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        ServingSettings settings = serve.settings(Map.of());
        assertThat(settings.httpPort())
                .isEqualTo(ServingSettings.DEFAULT_HTTP_PORT)
                .isEqualTo(8088)
                .isEqualTo(targets.get("protoflow-serving"));
        assertThat(settings.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(strings(services.path("protoflow-serving").path("ports")))
                .containsExactly("127.0.0.1:8088:8088");

        // Search: `protoflow search` parses the compose command, serves the scraped port on the
        // network, keeps its index in the volume.
        List<String> search = strings(services.path("protoflow-search").path("command"));
        assertThat(search.get(0)).isEqualTo("search");
        io.protoflow.search.SearchServiceMain main = new io.protoflow.search.SearchServiceMain();
        CommandLine searchCli = new CommandLine(main);
        searchCli.parseArgs(search.subList(1, search.size()).toArray(String[]::new));
        assertThat(searchCli.getParseResult().matchedOptionValue("--port", 0))
                .isEqualTo(targets.get("protoflow-search"));
        assertThat(searchCli.getParseResult().matchedOptionValue("--bind-address", ""))
                .isEqualTo("0.0.0.0");
        assertThat(new CommandLine(ProtoflowCli.class).getSubcommands()).containsKey("search");
        assertThat(strings(services.path("protoflow-search").path("ports")))
                .containsExactly("127.0.0.1:8090:8090");

        // Flink: the compose properties, the k8s CR and ops/flink/config.yaml name one reporter.
        JsonNode reporter =
                yaml("ops/flink/config.yaml").path("metrics").path("reporter").path("prom");
        String factory = reporter.path("factory.class").asText();
        int port = reporter.path("port").asInt();
        assertThat(port)
                .isEqualTo(targets.get("flink-jobmanager"))
                .isEqualTo(targets.get("flink-taskmanager"));
        for (String service : List.of("flink-jobmanager", "flink-taskmanager")) {
            JsonNode props =
                    YAML.readTree(
                            services.path(service)
                                    .path("environment")
                                    .path("FLINK_PROPERTIES")
                                    .asText());
            assertThat(props.path("metrics.reporter.prom.factory.class").asText())
                    .as(service)
                    .isEqualTo(factory);
            assertThat(props.path("metrics.reporter.prom.port").asInt())
                    .as(service)
                    .isEqualTo(port);
            assertThat(props.path("jobmanager.rpc.address").asText()).isEqualTo("flink-jobmanager");
        }
        assertThat(services.path("flink-taskmanager").path("environment"))
                .isEqualTo(services.path("flink-jobmanager").path("environment"));
        JsonNode k8s = yaml("ops/k8s/flinkdeployment.yaml").path("spec").path("flinkConfiguration");
        assertThat(k8s.path("metrics.reporter.prom.factory.class").asText()).isEqualTo(factory);
        assertThat(k8s.path("metrics.reporter.prom.port").asInt()).isEqualTo(port);
    }

    @Test
    void k8sServingServesTheDefaultPortWithTheTokenFromASecret() throws Exception {
        List<JsonNode> docs = documents("ops/k8s/serving.yaml");
        JsonNode container =
                docs.get(0).path("spec").path("template").path("spec").path("containers").get(0);
        List<String> args = strings(container.path("args"));
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        ServingSettings settings =
                serve.settings(Map.of(ServeCommand.TOKEN_ENV, "0123456789abcdef0123"));
        assertThat(settings.httpPort()).isEqualTo(ServingSettings.DEFAULT_HTTP_PORT);
        assertThat(settings.adminEnabled()).isTrue();
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8088);
        JsonNode env = container.path("env").get(0);
        assertThat(env.path("name").asText()).isEqualTo(ServeCommand.TOKEN_ENV);
        assertThat(env.path("valueFrom").has("secretKeyRef")).isTrue();
        assertThat(docs.get(1).path("spec").path("type").asText()).isEqualTo("ClusterIP");
        assertThat(docs.get(1).path("spec").path("ports").get(0).path("port").asInt())
                .isEqualTo(8088);
    }

    @Test
    void k8sTopicsEqualTheRegistry() throws IOException {
        List<JsonNode> docs = documents("ops/k8s/topics.yaml");
        assertThat(docs).allMatch(d -> d.path("kind").asText().equals("KafkaTopic"));
        assertThat(docs.stream().map(d -> d.path("spec").path("topicName").asText()))
                .containsExactlyElementsOf(Topics.all().stream().map(TopicSpec::name).toList());
        for (JsonNode doc : docs) {
            TopicSpec<?> spec =
                    Topics.byName(doc.path("spec").path("topicName").asText()).orElseThrow();
            JsonNode config = doc.path("spec").path("config");
            assertThat(config.path("cleanup.policy").asText())
                    .as(spec.name())
                    .isEqualTo(spec.cleanupPolicy().configValue());
            spec.configs()
                    .forEach(
                            (k, v) ->
                                    assertThat(config.path(k).asText())
                                            .as(spec.name() + " " + k)
                                            .isEqualTo(v));
        }
    }

    @Test
    void composeTopicInitCreatesTheRegistryTopics() throws IOException {
        String script = strings(compose().path("topic-init").path("command")).get(0);
        Matcher create = Pattern.compile("(?m)^create (\\S+)(.*)$").matcher(script);
        Map<String, Map<String, String>> created = new LinkedHashMap<>();
        while (create.find()) {
            Map<String, String> configs = new LinkedHashMap<>();
            Matcher config = Pattern.compile("--config (\\S+)=(\\S+)").matcher(create.group(2));
            while (config.find()) {
                configs.put(config.group(1), config.group(2));
            }
            created.put(create.group(1), configs);
        }
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        Topics.all().forEach(t -> expected.put(t.name(), t.configs()));
        assertThat(created).containsExactlyEntriesOf(expected);
    }

    @Test
    void namedEntryClassesExistAndTheirArgumentsParse() throws Exception {
        String entry =
                yaml("ops/k8s/flinkdeployment.yaml")
                        .path("spec")
                        .path("job")
                        .path("entryClass")
                        .asText();
        List<String> compose = strings(compose().path("flink-jobmanager").path("command"));
        assertThat(compose.subList(0, 3))
                .containsExactly("standalone-job", "--job-classname", entry);
        String apps =
                dockerfileLines("docker/apps/Dockerfile").stream()
                        .filter(l -> l.startsWith("ENTRYPOINT"))
                        .map(l -> l.replaceAll(".*\"([\\w.]+)\"\\s*]\\s*$", "$1"))
                        .findFirst()
                        .orElseThrow();
        assertThat(List.of(entry, apps))
                .containsExactly(
                        "io.protoflow.flink.learner.LearnerJob", "io.protoflow.cli.ProtoflowCli");
        for (String main : List.of(entry, apps)) {
            assertThat(Class.forName(main).getMethod("main", String[].class)).as(main).isNotNull();
        }
        // The job arguments of both deployments are valid learner-job options.
        List<String> k8sArgs =
                strings(yaml("ops/k8s/flinkdeployment.yaml").path("spec").path("job").path("args"));
        for (List<String> args : List.of(compose.subList(3, compose.size()), k8sArgs)) {
            LearnerJobOptions options = new LearnerJobOptions();
            new CommandLine(options).parseArgs(args.toArray(String[]::new));
            LearnerJobConfig config = options.toConfig();
            assertThat(config.parallelism()).isPositive();
            assertThat(options.kafka().bootstrapServers()).isNotEqualTo("127.0.0.1:9092");
        }
        assertThat(
                        yaml("ops/k8s/flinkdeployment.yaml")
                                .path("spec")
                                .path("job")
                                .path("parallelism")
                                .asInt())
                .isEqualTo(Integer.parseInt(k8sArgs.get(k8sArgs.indexOf("--parallelism") + 1)));
        CommandLine cli = new CommandLine(ProtoflowCli.class);
        assertThat(cli.getSubcommands()).containsKey("serve");
    }

    @Test
    void dockerfilesCopyTheArtifactsTheBuildProduces() throws Exception {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String dockerfile :
                List.of("docker/learner-job/Dockerfile", "docker/apps/Dockerfile")) {
            dockerfileLines(dockerfile).stream()
                    .filter(l -> l.startsWith("COPY "))
                    .map(l -> l.replaceAll("--\\S+\\s+", "").substring(5).trim().split("\\s+"))
                    .forEach(p -> copies.put(p[0], p[1]));
        }
        String flinkJobs = pomValue("stream-jobs/flink-jobs/pom.xml", "artifactId");
        String cli = pomValue("stream-jobs/cli/pom.xml", "artifactId");
        assertThat(copies)
                .containsExactly(
                        Map.entry(
                                "stream-jobs/flink-jobs/target/" + flinkJobs + "-*.jar",
                                "/opt/flink/usrlib/"),
                        Map.entry("stream-jobs/flink-jobs/target/usrlib/", "/opt/flink/usrlib/"),
                        Map.entry("stream-jobs/cli/target/" + cli + "-*.jar", "/opt/protoflow/"),
                        Map.entry("stream-jobs/cli/target/lib/", "/opt/protoflow/lib/"));
        // The lib folders are the ones the poms' copy-dependencies executions fill.
        assertThat(Files.readString(ROOT.resolve("stream-jobs/flink-jobs/pom.xml")))
                .contains("<outputDirectory>${project.build.directory}/usrlib</outputDirectory>");
        assertThat(Files.readString(ROOT.resolve("stream-jobs/cli/pom.xml")))
                .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>");
        assertThat(
                        yaml("ops/k8s/flinkdeployment.yaml")
                                .path("spec")
                                .path("job")
                                .path("jarURI")
                                .asText())
                .isEqualTo("local:///opt/flink/usrlib/" + flinkJobs + "-" + version() + ".jar");
    }
}
