package io.protoflow.serving.dashboard;

import io.protoflow.schemas.Alert;
import io.protoflow.schemas.ModelControl;
import io.protoflow.serving.telemetry.ServedModel;
import io.protoflow.serving.telemetry.ServedPrediction;
import io.protoflow.serving.telemetry.ServingTelemetry;
import io.protoflow.serving.telemetry.SnapshotSummary;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard shows, kept up to date by the serving topology (it is a {@link
 * ServingTelemetry} listener) and rendered as one JSON document ({@link #toJson()}) that {@code
 * /api/state} answers and {@code /api/events} pushes on every change.
 *
 * <p>Per model: the versions received (newest {@value #MAX_VERSIONS}), the version served and the
 * standing command, served-prediction totals, a time series of per-second buckets (newest {@value
 * #MAX_BUCKETS}) with the running (prequential) accuracy on labelled requests and the OOD rate, the
 * per-class counts (learned, from the served snapshot; predicted, from the app's answers) and the
 * 2-D map of the served snapshot's prototypes. Across models: the alert events (newest {@value
 * #MAX_ALERTS}) and the dead letters by error class. Thread-safe: one lock guards everything.
 */
public final class DashboardState implements ServingTelemetry {

    /** Versions listed per model. */
    public static final int MAX_VERSIONS = 50;

    /** Time-series buckets kept per model. */
    public static final int MAX_BUCKETS = 600;

    /** Alert events kept. */
    public static final int MAX_ALERTS = 200;

    /** Width of one time-series bucket. */
    public static final long BUCKET_MILLIS = 1000;

    private static final long MAP_SEED = 42;

    private final Clock clock;
    private final Map<String, ModelView> models = new TreeMap<>();
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private String streamsState = "CREATED";
    private long changes;

    /** One model's part of the dashboard. */
    private static final class ModelView {
        final String modelId;
        final TreeMap<Long, SnapshotSummary> versions = new TreeMap<>();
        final java.util.Set<Long> evicted = new java.util.HashSet<>();
        ServedModel served;
        PrototypeMap map;
        long mapVersion = -1;
        ModelControl control;
        long predictions;
        long labelled;
        long correct;
        long flagged;
        final Map<String, Long> predictedCounts = new LinkedHashMap<>();
        final Deque<Bucket> buckets = new ArrayDeque<>();

        ModelView(String modelId) {
            this.modelId = modelId;
        }
    }

    /** One second of served predictions, with the running totals at its end. */
    private static final class Bucket {
        final long start;
        long predictions;
        long labelled;
        long correct;
        long flagged;
        long totalLabelled;
        long totalCorrect;

        Bucket(long start) {
            this.start = start;
        }
    }

    /** An empty dashboard; {@code clock} stamps the rendered documents. */
    public DashboardState(Clock clock) {
        this.clock = clock;
    }

    /** Records the Kafka Streams client state, e.g. {@code RUNNING}. */
    public synchronized void streamsState(String state) {
        streamsState = state;
        changed();
    }

    /** How many changes the state has seen: a new value means a new document. */
    public synchronized long changes() {
        return changes;
    }

    /**
     * Waits until the state has changed past {@code seen} or {@code timeoutMillis} passed.
     *
     * @return the current change count
     */
    public synchronized long awaitChange(long seen, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (changes == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return changes;
    }

    /** Wakes every {@link #awaitChange} caller, e.g. when the server stops. */
    public synchronized void wakeWaiters() {
        notifyAll();
    }

    private void changed() {
        changes++;
        notifyAll();
    }

    private ModelView model(String modelId) {
        return models.computeIfAbsent(modelId, ModelView::new);
    }

    @Override
    public synchronized void snapshotStored(SnapshotSummary snapshot) {
        ModelView m = model(snapshot.modelId());
        m.versions.put(snapshot.version(), snapshot);
        m.evicted.remove(snapshot.version());
        while (m.versions.size() > MAX_VERSIONS) {
            m.evicted.remove(m.versions.pollFirstEntry().getKey());
        }
        changed();
    }

    @Override
    public synchronized void versionsEvicted(String modelId, List<Long> versions) {
        model(modelId).evicted.addAll(versions);
        changed();
    }

    @Override
    public synchronized void controlApplied(ModelControl control) {
        model(control.getModelId()).control = control;
        changed();
    }

    @Override
    public synchronized void alert(Alert alert) {
        alerts.addFirst(alert);
        while (alerts.size() > MAX_ALERTS) {
            alerts.removeLast();
        }
        changed();
    }

    @Override
    public synchronized void modelSwapped(ServedModel previous, ServedModel current) {
        ModelView m = model(current.modelId());
        m.served = current;
        changed();
    }

    @Override
    public synchronized void served(ServedPrediction p) {
        ModelView m = model(p.modelId());
        m.predictions++;
        if (p.labelled()) {
            m.labelled++;
            if (p.correct()) {
                m.correct++;
            }
        }
        if (p.oodFlag()) {
            m.flagged++;
        }
        if (p.predictedLabel() != null) {
            m.predictedCounts.merge(p.predictedLabel(), 1L, Long::sum);
        }
        long start = Math.floorDiv(p.predictedAtMillis(), BUCKET_MILLIS) * BUCKET_MILLIS;
        Bucket b = m.buckets.peekLast();
        // A prediction stamped before the newest bucket (another thread's clock reading) counts
        // in the newest bucket.
        if (b == null || b.start < start) {
            b = new Bucket(start);
            m.buckets.addLast(b);
            while (m.buckets.size() > MAX_BUCKETS) {
                m.buckets.removeFirst();
            }
        }
        b.predictions++;
        if (p.labelled()) {
            b.labelled++;
            if (p.correct()) {
                b.correct++;
            }
        }
        if (p.oodFlag()) {
            b.flagged++;
        }
        b.totalLabelled = m.labelled;
        b.totalCorrect = m.correct;
        changed();
    }

    @Override
    public synchronized void deadLetter(String errorClass, String modelId) {
        deadLetters.merge(errorClass, 1L, Long::sum);
        changed();
    }

    /** The whole dashboard as one JSON document (the format {@code dashboard.js} reads). */
    public synchronized String toJson() {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("generatedAt", clock.millis());
        w.field("streamsState", streamsState);
        w.field("changes", changes);
        w.name("models").beginArray();
        for (ModelView m : models.values()) {
            writeModel(w, m);
        }
        w.endArray();
        w.name("alerts").beginArray();
        for (Alert a : alerts) {
            writeAlert(w, a);
        }
        w.endArray();
        w.name("deadLetters").beginObject();
        deadLetters.forEach(w::field);
        w.endObject();
        return w.endObject().toString();
    }

    private void writeModel(JsonWriter w, ModelView m) {
        w.beginObject();
        w.field("modelId", m.modelId);
        w.field("newestVersion", m.versions.isEmpty() ? 0 : m.versions.lastKey());
        w.name("served");
        if (m.served == null) {
            w.value((String) null);
        } else {
            var learner = m.served.snapshot().learner();
            w.beginObject()
                    .field("version", m.served.version())
                    .field("pinned", m.served.pinned())
                    .field("requestedVersion", m.served.requestedVersion())
                    .field("learnerType", learner.learnerType())
                    .field("dimension", learner.dimension())
                    .field("classes", learner.classes().size())
                    .field("createdAt", m.served.snapshot().createdAtMillis())
                    .endObject();
        }
        w.name("control");
        if (m.control == null) {
            w.value((String) null);
        } else {
            w.beginObject()
                    .field("action", m.control.getAction().name())
                    .field("version", m.control.getVersion())
                    .field("issuedBy", m.control.getIssuedBy())
                    .field("reason", m.control.getReason())
                    .field("issuedAt", m.control.getIssuedAt().toEpochMilli())
                    .endObject();
        }
        w.name("versions").beginArray();
        for (SnapshotSummary s : m.versions.descendingMap().values()) {
            w.beginObject()
                    .field("version", s.version())
                    .field("parentVersion", s.parentVersion())
                    .field("createdAt", s.createdAtMillis())
                    .field("learnerType", s.learnerType())
                    .field("recordsSeen", s.recordsSeen())
                    .field("classes", s.classCounts().size())
                    .field("retained", !m.evicted.contains(s.version()))
                    .field("served", m.served != null && m.served.version() == s.version())
                    .endObject();
        }
        w.endArray();
        w.name("totals")
                .beginObject()
                .field("predictions", m.predictions)
                .field("labelled", m.labelled)
                .field("correct", m.correct)
                .field("accuracy", m.labelled == 0 ? null : (double) m.correct / m.labelled)
                .field("oodFlagged", m.flagged)
                .field("oodRate", m.predictions == 0 ? null : (double) m.flagged / m.predictions)
                .endObject();
        w.name("series").beginArray();
        for (Bucket b : m.buckets) {
            w.beginObject()
                    .field("t", b.start)
                    .field("predictions", b.predictions)
                    .field(
                            "accuracy",
                            b.totalLabelled == 0 ? null : (double) b.totalCorrect / b.totalLabelled)
                    .field(
                            "windowAccuracy",
                            b.labelled == 0 ? null : (double) b.correct / b.labelled)
                    .field(
                            "oodRate",
                            b.predictions == 0 ? null : (double) b.flagged / b.predictions)
                    .endObject();
        }
        w.endArray();
        w.name("classCounts").beginArray();
        Map<String, Long> learned = new LinkedHashMap<>();
        if (m.served != null) {
            m.served.snapshot().learner().classes().forEach(c -> learned.put(c.label(), c.count()));
        }
        List<String> labels = new ArrayList<>(learned.keySet());
        for (String label : m.predictedCounts.keySet()) {
            if (!learned.containsKey(label)) {
                labels.add(label);
            }
        }
        for (String label : labels) {
            w.beginObject()
                    .field("label", label)
                    .field("learned", learned.getOrDefault(label, 0L))
                    .field("predicted", m.predictedCounts.getOrDefault(label, 0L))
                    .endObject();
        }
        w.endArray();
        w.name("map");
        PrototypeMap map = map(m);
        if (map == null) {
            w.value((String) null);
        } else {
            w.beginObject().field("version", m.mapVersion);
            w.name("explained").beginArray();
            for (double e : map.explained()) {
                w.value(e);
            }
            w.endArray();
            w.name("points").beginArray();
            for (PrototypeMap.Point p : map.points()) {
                w.beginObject()
                        .field("label", p.label())
                        .field("weight", p.weight())
                        .field("x", p.x())
                        .field("y", p.y())
                        .endObject();
            }
            w.endArray().endObject();
        }
        w.endObject();
    }

    /** The served version's map, computed once per version. */
    private static PrototypeMap map(ModelView m) {
        if (m.served == null) {
            return null;
        }
        if (m.mapVersion != m.served.version() || m.map == null) {
            m.map = PrototypeMap.of(m.served.snapshot().learner(), MAP_SEED);
            m.mapVersion = m.served.version();
        }
        return m.map;
    }

    private static void writeAlert(JsonWriter w, Alert a) {
        w.beginObject()
                .field("alertId", a.getAlertId())
                .field("alertKey", a.getAlertKey())
                .field("modelId", a.getModelId())
                .field("modelVersion", a.getModelVersion())
                .field("type", a.getType().name())
                .field("severity", a.getSeverity().name())
                .field("status", a.getStatus().name())
                .field("detector", a.getDetector())
                .field("message", a.getMessage())
                .field("raisedAt", a.getRaisedAt().toEpochMilli())
                .field(
                        "resolvedAt",
                        a.getResolvedAt() == null ? null : a.getResolvedAt().toEpochMilli())
                .endObject();
    }
}
