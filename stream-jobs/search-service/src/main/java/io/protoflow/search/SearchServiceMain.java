package io.protoflow.search;

import io.protoflow.encoder.EncoderConfig;
import io.protoflow.encoder.EncoderModel;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.stream.topics.TopicAdmin;
import io.protoflow.stream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the search service: parses flags, creates missing topics and runs. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Serves BM25, dense and hybrid search over the index-update topic.")
public final class SearchServiceMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @Option(names = "--index", defaultValue = "docs", description = "collection served")
    String indexName;

    @Option(names = "--index-dir", defaultValue = "search-index")
    Path indexDir;

    @Option(names = "--port", defaultValue = "8090")
    int port;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Kafka client property for every client, repeatable, e.g."
                            + " security.protocol=SASL_SSL (values are never logged).")
    Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();

    @Option(
            names = "--bind-address",
            defaultValue = SearchServiceConfig.DEFAULT_BIND_ADDRESS,
            description =
                    "HTTP address (default: ${DEFAULT-VALUE}, this host only; 0.0.0.0 in a"
                            + " container).")
    String bindAddress;

    @Option(names = "--encoder", defaultValue = "all-minilm-l6-v2-q")
    String encoder;

    @Option(names = "--commit-interval-ms", defaultValue = "5000")
    long commitIntervalMs;

    @Option(names = "--max-text-bytes", defaultValue = "1048576")
    int maxTextBytes;

    @Option(names = "--topic-prefix", defaultValue = "")
    String topicPrefix;

    private Map<String, Object> adminProperties() {
        Map<String, Object> props = new java.util.HashMap<>(kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SearchServiceMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        EncoderModel model = EncoderModel.byId(encoder);
        SearchServiceConfig config =
                SearchServiceConfig.of(bootstrapServers, indexName, indexDir)
                        .withTopicPrefix(topicPrefix)
                        .withDimension(model.dimension())
                        .withHttpPort(port)
                        .withBindAddress(bindAddress)
                        .withKafkaProperties(kafkaProperties)
                        .withCommitInterval(Duration.ofMillis(commitIntervalMs))
                        .withMaxTextBytes(maxTextBytes);
        try (Admin admin = Admin.create(adminProperties())) {
            TopicAdmin.createIfMissing(
                    admin,
                    List.of(
                            Topics.INDEX_UPDATES,
                            Topics.SEARCH_QUERIES,
                            Topics.SEARCH_RESULTS,
                            Topics.DEAD_LETTERS),
                    topicPrefix,
                    1,
                    (short) 1,
                    Duration.ofSeconds(30));
        }
        OnnxSentenceEncoder textEncoder =
                OnnxSentenceEncoder.open(EncoderConfig.defaults().withModel(model));
        SearchService service = SearchService.start(config, textEncoder);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    service.close();
                                    textEncoder.close();
                                    stopped.countDown();
                                }));
        stopped.await();
        return 0;
    }
}
