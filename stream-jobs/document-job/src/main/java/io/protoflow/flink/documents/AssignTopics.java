package io.protoflow.flink.documents;

import io.protoflow.core.index.TopicConfig;
import io.protoflow.core.index.TopicPrototypes;
import io.protoflow.flink.learner.OutputTags;
import io.protoflow.schemas.Document;
import io.protoflow.schemas.DocumentOp;
import io.protoflow.schemas.IndexUpdate;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.DocumentMapper;
import io.protoflow.stream.mapping.ExampleMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by collection ({@code Document.index}): assigns each encoded upsert to the collection's
 * online {@link TopicPrototypes} (in keyed state) and emits its index update with vector and topic
 * id; a DELETE record becomes a DELETE update followed by a tombstone, and a tombstone stays a
 * tombstone. An upsert whose vector is unusable (wrong dimension, non-finite values, zero length)
 * or that the encoder failed on goes to the dead-letter side output with its reason.
 *
 * <p>Deletions and replacements do not take a document back out of its topic's centre: the
 * prototypes are a running summary of every text the collection has seen, and topic ids stay
 * stable.
 */
public final class AssignTopics
        extends KeyedProcessFunction<String, EncodedDocument, IndexUpdateRecord> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    public static final String STAGE = "assign-topics";

    /** Name of the keyed state holding a collection's prototypes. */
    static final String STATE = "topics";

    private final String jobName;
    // TopicConfig is not Serializable: keep its fields, rebuild it in open()
    private final double minSimilarity;
    private final int maxTopics;
    private final String encoderId;
    private final int dimension;
    private final int maxTextBytes;
    private final AvroCodec<Document> documents = AvroCodec.of(Document.class);

    private transient TopicConfig topicConfig;
    private transient ValueState<TopicPrototypes> topics;
    private transient Counter upserts;
    private transient Counter deletes;
    private transient Counter deadLetters;
    private transient Counter topicsCreated;

    /**
     * @param encoderId written to every update
     * @param dimension the length every vector must have
     */
    public AssignTopics(
            String jobName,
            TopicConfig topicConfig,
            String encoderId,
            int dimension,
            int maxTextBytes) {
        this.jobName = jobName;
        this.minSimilarity = topicConfig.minSimilarity();
        this.maxTopics = topicConfig.maxTopics();
        this.encoderId = encoderId;
        this.dimension = dimension;
        this.maxTextBytes = maxTextBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        topicConfig = new TopicConfig(minSimilarity, maxTopics);
        topics =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE, TopicPrototypesSerializer.INSTANCE));
        var metrics = getRuntimeContext().getMetricGroup();
        upserts = metrics.counter("upserts");
        deletes = metrics.counter("deletes");
        deadLetters = metrics.counter("deadLetters");
        topicsCreated = metrics.counter("topicsCreated");
    }

    @Override
    public void processElement(
            EncodedDocument encoded, Context ctx, Collector<IndexUpdateRecord> out)
            throws Exception {
        SourcedDocument source = encoded.source;
        Document doc = source.document;
        long now = ctx.timerService().currentProcessingTime();
        if (doc == null) {
            deletes.inc();
            out.collect(IndexUpdateRecord.tombstone(source.key));
            return;
        }
        if (doc.getOp() == DocumentOp.DELETE) {
            deletes.inc();
            out.collect(IndexUpdateRecord.of(update(doc, null, now)));
            out.collect(IndexUpdateRecord.tombstone(doc.getId()));
            return;
        }
        try {
            if (encoded.errorClass != null) {
                throw new BadRecordException(encoded.errorClass, encoded.error);
            }
            IndexUpdate update = update(doc, encoded.vector, now);
            DocumentMapper.validate(update, maxTextBytes, dimension);
            if (update.getVector() == null || isZero(encoded.vector)) {
                throw new BadRecordException(
                        ExampleMapper.MISSING_FEATURES,
                        "document '"
                                + doc.getId()
                                + "': encoder "
                                + encoderId
                                + " returned "
                                + (encoded.vector == null ? "no vector" : "a zero vector"));
            }
            TopicPrototypes prototypes = topics.value();
            if (prototypes == null) {
                prototypes = new TopicPrototypes(topicConfig, dimension);
            }
            int before = prototypes.topicCount();
            update.setTopicId(prototypes.assign(encoded.vector));
            if (prototypes.topicCount() > before) {
                topicsCreated.inc();
            }
            topics.update(prototypes);
            upserts.inc();
            out.collect(IndexUpdateRecord.of(update));
        } catch (BadRecordException e) {
            deadLetters.inc();
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    DeadLetters.of(
                            source.topic,
                            source.partition,
                            source.offset,
                            source.timestamp,
                            source.key == null ? null : source.key.getBytes(StandardCharsets.UTF_8),
                            documents.encode(doc),
                            e.errorClass(),
                            e.getMessage(),
                            STAGE,
                            jobName,
                            null,
                            now));
        }
    }

    private IndexUpdate update(Document doc, float[] vector, long now) {
        boolean upsert = doc.getOp() == DocumentOp.UPSERT;
        return IndexUpdate.newBuilder()
                .setId(doc.getId())
                .setOp(doc.getOp())
                .setIndex(doc.getIndex())
                .setTitle(upsert ? doc.getTitle() : null)
                .setText(upsert ? doc.getText() : null)
                .setFields(doc.getFields())
                .setVector(vector == null ? null : ExampleMapper.boxed(vector))
                .setEncoderId(vector == null ? null : encoderId)
                .setTopicId(null)
                .setTopicLabel(null)
                .setSourceEventTime(doc.getEventTime())
                .setEncodedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
