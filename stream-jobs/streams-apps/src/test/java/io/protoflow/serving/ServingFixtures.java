package io.protoflow.serving;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.Prediction;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.Alert;
import io.protoflow.schemas.AlertSeverity;
import io.protoflow.schemas.AlertStatus;
import io.protoflow.schemas.AlertType;
import io.protoflow.schemas.AlertWindow;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.OodThreshold;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the records the serving tests send: NCM snapshots from class means, requests, alerts. */
final class ServingFixtures {

    private ServingFixtures() {}

    /**
     * An NCM snapshot whose classes sit exactly at the given means (each learned from {@code count}
     * copies of its mean).
     */
    static ModelSnapshot snapshot(
            String modelId, long version, long createdAt, Map<String, float[]> means, long count) {
        Learner learner = ncm(means, count);
        io.protoflow.core.snapshot.ModelSnapshot core =
                new io.protoflow.core.snapshot.ModelSnapshot(
                        modelId,
                        version,
                        version - 1,
                        createdAt,
                        new Provenance("test-learner", learner.examplesSeen(), ""),
                        learner.snapshot());
        return SnapshotMapper.toAvro(core, null);
    }

    /** The same snapshot with a calibrated min-distance OOD threshold. */
    static ModelSnapshot withMinDistanceThreshold(ModelSnapshot snapshot, double value) {
        ModelSnapshot copy = ModelSnapshot.newBuilder(snapshot).build();
        copy.setThresholds(List.of(new OodThreshold("min-distance", 0.95, value, null)));
        return copy;
    }

    static Learner ncm(Map<String, float[]> means, long count) {
        Learner learner = Learners.create("ncm", means.values().iterator().next().length, Map.of());
        for (Map.Entry<String, float[]> e : means.entrySet()) {
            for (int i = 0; i < count; i++) {
                learner.learn(e.getValue(), e.getKey());
            }
        }
        return learner;
    }

    /**
     * What the learner of a snapshot predicts, ranked top-k: the truth a served prediction must
     * equal.
     */
    static Prediction expected(ModelSnapshot snapshot, float[] features, int topK) {
        return Learners.restore(SnapshotMapper.fromAvro(snapshot).learner())
                .predict(features, topK);
    }

    static Map<String, float[]> means(Object... labelAndVector) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < labelAndVector.length; i += 2) {
            out.put((String) labelAndVector[i], (float[]) labelAndVector[i + 1]);
        }
        return out;
    }

    static float[] v(float... values) {
        return values;
    }

    static Example request(String id, String modelId, float[] features, String label) {
        return Example.newBuilder()
                .setId(id)
                .setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(1_000))
                .setFeatures(features == null ? null : ExampleMapper.boxed(features))
                .setLabel(label)
                .setMetadata(Map.of("source", "test"))
                .build();
    }

    static Alert alert(
            String id, String modelId, AlertType type, AlertStatus status, long at, String msg) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setAlertKey(modelId + "/" + type + "/test")
                .setModelId(modelId)
                .setModelVersion(1)
                .setType(type)
                .setSeverity(AlertSeverity.WARNING)
                .setStatus(status)
                .setDetector("test")
                .setWindow(
                        new AlertWindow(
                                Instant.ofEpochMilli(at - 1000), Instant.ofEpochMilli(at), 100L))
                .setEvidence(Map.of("rate", 0.3))
                .setDetails(Map.of())
                .setMessage(msg)
                .setRaisedAt(Instant.ofEpochMilli(at))
                .setResolvedAt(
                        status == AlertStatus.RESOLVED ? Instant.ofEpochMilli(at + 500) : null)
                .setNovelClass(null)
                .build();
    }
}
