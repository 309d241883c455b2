package io.protoflow.serving;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.Prediction;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.serving.ood.OodVerdict;
import io.protoflow.serving.ood.SnapshotOod;
import io.protoflow.serving.telemetry.ServedModel;
import io.protoflow.serving.telemetry.ServedPrediction;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.mapping.PredictionMapper;
import io.protoflow.stream.mapping.SnapshotMapper;
import io.protoflow.stream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores inference requests with the snapshot version {@link VersionSelection} picks for their
 * model at that moment. Each request looks up its model's version index and standing command in the
 * global stores (small records); when the selected version differs from the one this thread holds,
 * the thread restores the new learner from the stored snapshot and serves it from then on: that is
 * the swap without a restart. Every prediction names the version that made it.
 *
 * <p>Requests that cannot be scored go to the dead-letter topic with a reason: undecodable bytes,
 * failed validation ({@link ExampleMapper}), no feature vector, a dimension other than the model's,
 * or a snapshot that cannot be restored. A model without any snapshot yet gets version-0
 * predictions with no ranked labels, as the prediction schema defines.
 */
final class InferenceProcessor implements Processor<byte[], byte[], String, SpecificRecordBase> {

    /** Error class for a request whose model snapshot cannot be restored. */
    static final String MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE";

    /** The job name written into dead letters. */
    static final String JOB = "serving-app";

    private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);

    private final ServingConfig config;
    private final ServingTelemetry telemetry;
    private final AvroCodec<Example> exampleCodec = AvroCodec.of(Example.class);
    private final AvroCodec<ModelSnapshot> snapshotCodec = AvroCodec.of(ModelSnapshot.class);
    private final AvroCodec<ModelControl> controlCodec = AvroCodec.of(ModelControl.class);
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final Map<String, DecodedControl> controlCache = new HashMap<>();
    private ProcessorContext<String, SpecificRecordBase> context;
    private ReadOnlyKeyValueStore<String, byte[]> snapshots;
    private ReadOnlyKeyValueStore<String, byte[]> controls;

    /** The learner of one served version, restored once per thread. */
    private record Loaded(ServedModel model, Learner learner, SnapshotOod ood) {}

    /** A standing command, decoded once per distinct stored value. */
    private record DecodedControl(byte[] bytes, ModelControl control) {}

    InferenceProcessor(ServingConfig config, ServingTelemetry telemetry) {
        this.config = config;
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecordBase> context) {
        this.context = context;
        snapshots = context.getStateStore(ServingApp.SNAPSHOT_STORE);
        controls = context.getStateStore(ServingApp.CONTROL_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        Example example;
        float[] features;
        try {
            if (record.value() == null) {
                throw new BadRecordException(
                        BadRecordException.UNDECODABLE, "inference request has no value");
            }
            example = exampleCodec.decode(record.value());
            ExampleMapper.validate(example);
            features = ExampleMapper.features(example);
            if (features == null) {
                throw new BadRecordException(
                        ExampleMapper.MISSING_FEATURES,
                        "request '"
                                + example.getId()
                                + "' has text but no features; the serving app scores feature"
                                + " vectors");
            }
        } catch (BadRecordException e) {
            deadLetter(record, e.errorClass(), e.getMessage(), null);
            return;
        }
        String modelId = example.getModelId();
        Loaded model;
        try {
            model = serve(modelId);
        } catch (RuntimeException e) {
            LOG.error("model '{}': cannot restore the selected snapshot", modelId, e);
            deadLetter(
                    record,
                    MODEL_UNAVAILABLE,
                    "model '" + modelId + "': the selected snapshot cannot be restored: " + e,
                    modelId);
            return;
        }
        long version = model == null ? 0 : model.model().version();
        Prediction prediction = Prediction.empty();
        OodVerdict verdict = null;
        if (model != null) {
            if (features.length != model.learner().dimension()) {
                deadLetter(
                        record,
                        ExampleMapper.DIMENSION_MISMATCH,
                        "request '"
                                + example.getId()
                                + "' has "
                                + features.length
                                + " features, model '"
                                + modelId
                                + "' version "
                                + version
                                + " expects "
                                + model.learner().dimension(),
                        modelId);
                return;
            }
            prediction = model.learner().predict(features, config.topK());
            verdict = model.ood().score(features, prediction);
        }
        long now = context.currentSystemTimeMs();
        io.protoflow.schemas.Prediction out =
                PredictionMapper.toAvro(example, prediction, config.topK(), version, now);
        if (verdict != null) {
            out.setOodScore(verdict.score());
            out.setOodFlag(verdict.flagged());
        }
        context.forward(
                new Record<String, SpecificRecordBase>(example.getId(), out, record.timestamp()),
                ServingApp.PREDICTIONS_SINK);
        telemetry.served(
                new ServedPrediction(
                        modelId,
                        version,
                        example.getLabel(),
                        out.getPredictedLabel(),
                        out.getOodScore(),
                        out.getOodFlag(),
                        System.nanoTime() - start,
                        now));
    }

    /** The learner to serve {@code modelId} with now, restoring it on a version change. */
    private Loaded serve(String modelId) {
        VersionIndex index = ModelStore.index(snapshots, modelId);
        VersionSelection selection = VersionSelection.select(index, control(modelId));
        Loaded current = loaded.get(modelId);
        if (selection.version() == 0) {
            return null;
        }
        if (current != null
                && current.model().version() == selection.version()
                && current.model().pinned() == selection.pinned()) {
            return current;
        }
        if (current != null && current.model().version() == selection.version()) {
            Loaded repinned =
                    new Loaded(
                            new ServedModel(
                                    modelId,
                                    selection.version(),
                                    selection.pinned(),
                                    selection.requested(),
                                    current.model().snapshot()),
                            current.learner(),
                            current.ood());
            loaded.put(modelId, repinned);
            telemetry.modelSwapped(current.model(), repinned.model());
            return repinned;
        }
        byte[] bytes = ModelStore.snapshot(snapshots, modelId, selection.version());
        if (bytes == null) {
            // Evicted between the index read and now: keep what this thread serves.
            return current;
        }
        ModelSnapshot avro = snapshotCodec.decode(bytes);
        io.protoflow.core.snapshot.ModelSnapshot core = SnapshotMapper.fromAvro(avro);
        Learner learner = Learners.restore(core.learner());
        SnapshotOod ood = config.oodScoring().bind(avro, learner);
        Loaded next =
                new Loaded(
                        new ServedModel(
                                modelId,
                                selection.version(),
                                selection.pinned(),
                                selection.requested(),
                                core),
                        learner,
                        ood);
        loaded.put(modelId, next);
        if (!selection.exact()) {
            LOG.warn(
                    "model '{}': the standing command asks for version {}, which is not held;"
                            + " serving version {}",
                    modelId,
                    selection.requested() == null ? "previous" : selection.requested(),
                    selection.version());
        }
        LOG.info(
                "model '{}': now serving version {}{} (was {})",
                modelId,
                selection.version(),
                selection.pinned() ? " (pinned)" : "",
                current == null ? "none" : current.model().version());
        telemetry.modelSwapped(current == null ? null : current.model(), next.model());
        return next;
    }

    private ModelControl control(String modelId) {
        byte[] bytes = controls.get(modelId);
        if (bytes == null) {
            controlCache.remove(modelId);
            return null;
        }
        DecodedControl cached = controlCache.get(modelId);
        if (cached != null && cached.bytes() == bytes) {
            return cached.control();
        }
        ModelControl control = controlCodec.decode(bytes);
        controlCache.put(modelId, new DecodedControl(bytes, control));
        return control;
    }

    private void deadLetter(
            Record<byte[], byte[]> record, String errorClass, String reason, String modelId) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        long now = context.currentSystemTimeMs();
        DeadLetter letter =
                DeadLetters.of(
                        meta.map(RecordMetadata::topic)
                                .orElse(config.topic(Topics.INFERENCE_REQUESTS.name())),
                        meta.map(RecordMetadata::partition).orElse(-1),
                        meta.map(RecordMetadata::offset).orElse(-1L),
                        record.timestamp(),
                        record.key(),
                        record.value(),
                        errorClass,
                        reason,
                        "score",
                        JOB,
                        modelId,
                        now);
        LOG.debug(
                "request {} dead-lettered: {} {}",
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                errorClass,
                reason);
        context.forward(
                new Record<String, SpecificRecordBase>(
                        DeadLetters.key(letter), letter, record.timestamp()),
                ServingApp.DEAD_LETTERS_SINK);
        telemetry.deadLetter(errorClass, modelId);
    }
}
