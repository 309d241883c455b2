package io.protoflow.serving.telemetry;

import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.OodThreshold;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small facts of one stored snapshot, for the dashboard's version list and the metrics: no
 * prototypes.
 *
 * @param modelId the model
 * @param version the snapshot version
 * @param parentVersion the version it was learned from, 0 when none
 * @param createdAtMillis when the learner took it
 * @param learnerType e.g. {@code ncm}
 * @param dimension input feature dimension
 * @param recordsSeen examples learned into it
 * @param classCounts examples learned per class, in order of first appearance (copied)
 * @param oodThresholds calibrated threshold per OOD scorer (copied)
 */
public record SnapshotSummary(
        String modelId,
        long version,
        long parentVersion,
        long createdAtMillis,
        String learnerType,
        int dimension,
        long recordsSeen,
        Map<String, Long> classCounts,
        Map<String, Double> oodThresholds) {

    /** Copies the maps. */
    public SnapshotSummary {
        classCounts = Collections.unmodifiableMap(new LinkedHashMap<>(classCounts));
        oodThresholds = Collections.unmodifiableMap(new LinkedHashMap<>(oodThresholds));
    }

    /** The summary of an Avro snapshot record. */
    public static SnapshotSummary of(ModelSnapshot snapshot) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ClassState c : snapshot.getClasses()) {
            counts.put(c.getLabel(), c.getCount());
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (OodThreshold t : snapshot.getThresholds()) {
            thresholds.put(t.getScorer(), t.getValue());
        }
        return new SnapshotSummary(
                snapshot.getModelId(),
                snapshot.getVersion(),
                snapshot.getParentVersion() == null ? 0 : snapshot.getParentVersion(),
                snapshot.getCreatedAt().toEpochMilli(),
                snapshot.getLearner().getType(),
                snapshot.getLearner().getDimension(),
                snapshot.getProvenance().getRecordsSeen(),
                counts,
                thresholds);
    }
}
