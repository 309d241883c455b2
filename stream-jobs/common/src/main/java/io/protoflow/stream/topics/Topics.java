package io.protoflow.stream.topics;

import static io.protoflow.stream.topics.TopicSpec.CleanupPolicy.COMPACT;
import static io.protoflow.stream.topics.TopicSpec.CleanupPolicy.DELETE;

import io.protoflow.schemas.Alert;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.schemas.MetricsReport;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.schemas.SearchQuery;
import io.protoflow.schemas.SearchResults;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every Kafka topic of Protoflow, as immutable constants. This is the single source of topic names,
 * value types and configs in code; the topic table in schemas/README.md documents it and {@code
 * TopicsReadmeTest} keeps the two equal.
 */
public final class Topics {

    /** Largest model snapshot a topic accepts: 16 MiB. */
    public static final int MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

    /** Training stream: examples, labelled or not, learned test-then-train by the learner job. */
    public static final TopicSpec<Example> EXAMPLES =
            TopicSpec.of("protoflow.examples", Example.class, "example id", DELETE);

    /** Examples to score only, answered by the serving app. */
    public static final TopicSpec<Example> INFERENCE_REQUESTS =
            TopicSpec.of("protoflow.inference-requests", Example.class, "request id", DELETE);

    /** Late labels, joined to their examples by id in the learner job. */
    public static final TopicSpec<LabelFeedback> LABELS =
            TopicSpec.of("protoflow.labels", LabelFeedback.class, "example id", DELETE);

    /** Predictions of the learner job (test-then-train) and of the serving app. */
    public static final TopicSpec<Prediction> PREDICTIONS =
            TopicSpec.of("protoflow.predictions", Prediction.class, "example id", DELETE);

    /**
     * Published model versions. Deleted after 7 days, not compacted, so earlier versions stay
     * available for rollback; snapshots are large, so up to {@link #MAX_SNAPSHOT_BYTES} and
     * zstd-compressed (producers and consumers must raise {@code max.request.size} and {@code
     * max.partition.fetch.bytes} to match).
     */
    public static final TopicSpec<ModelSnapshot> MODEL_SNAPSHOTS =
            TopicSpec.of("protoflow.model-snapshots", ModelSnapshot.class, "model id", DELETE)
                    .withConfig(
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(Duration.ofDays(7).toMillis()))
                    .withConfig(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_SNAPSHOT_BYTES))
                    .withConfig(TopicConfig.COMPRESSION_TYPE_CONFIG, "zstd");

    /** Pin and rollback commands for the serving app; the latest per model stands. */
    public static final TopicSpec<ModelControl> MODEL_CONTROL =
            TopicSpec.of("protoflow.model-control", ModelControl.class, "model id", COMPACT);

    /** Raised and resolved alerts (drift, OOD rate, novel class, accuracy drop). */
    public static final TopicSpec<Alert> ALERTS =
            TopicSpec.of("protoflow.alerts", Alert.class, "alert key", DELETE);

    /** Metric reports of every job and app. */
    public static final TopicSpec<MetricsReport> METRICS =
            TopicSpec.of("protoflow.metrics", MetricsReport.class, "source/model id", DELETE);

    /** Documents to index (or delete), the input of the document job. */
    public static final TopicSpec<Document> DOCUMENTS =
            TopicSpec.of("protoflow.documents", Document.class, "document id", COMPACT);

    /** Encoded documents for the search index, produced by the document job. */
    public static final TopicSpec<IndexUpdate> INDEX_UPDATES =
            TopicSpec.of("protoflow.index-updates", IndexUpdate.class, "document id", COMPACT);

    /** Search requests to the search app. */
    public static final TopicSpec<SearchQuery> SEARCH_QUERIES =
            TopicSpec.of("protoflow.search-queries", SearchQuery.class, "query id", DELETE);

    /** Answers of the search app, keyed like their queries. */
    public static final TopicSpec<SearchResults> SEARCH_RESULTS =
            TopicSpec.of("protoflow.search-results", SearchResults.class, "query id", DELETE);

    /** Records a job or app could not process, kept 14 days for operators. */
    public static final TopicSpec<DeadLetter> DEAD_LETTERS =
            TopicSpec.of(
                            "protoflow.dead-letters",
                            DeadLetter.class,
                            "sourceTopic/partition/offset",
                            DELETE)
                    .withConfig(
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(Duration.ofDays(14).toMillis()));

    private static final List<TopicSpec<?>> ALL =
            List.of(
                    EXAMPLES,
                    INFERENCE_REQUESTS,
                    LABELS,
                    PREDICTIONS,
                    MODEL_SNAPSHOTS,
                    MODEL_CONTROL,
                    ALERTS,
                    METRICS,
                    DOCUMENTS,
                    INDEX_UPDATES,
                    SEARCH_QUERIES,
                    SEARCH_RESULTS,
                    DEAD_LETTERS);

    private Topics() {}

    /** Every topic, in the order of the README table; immutable. */
    public static List<TopicSpec<?>> all() {
        return ALL;
    }

    /** The topic with this name, if Protoflow has one. */
    public static Optional<TopicSpec<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
