package io.protoflow.core.discovery;

import java.util.Arrays;

/**
 * A record an out-of-distribution rule flagged, handed to a {@link NovelClassDetector}: the
 * example's id (by which a label may later arrive), its features in the space of the known
 * prototypes, and its event time. Immutable: the features are copied in and out.
 *
 * @param exampleId the example's id, not blank
 * @param features the features (copied)
 * @param eventTime the event time, e.g. epoch milliseconds; only reported back, never interpreted
 */
public record OodRecord(String exampleId, float[] features, long eventTime) {

    public OodRecord {
        if (exampleId == null || exampleId.isBlank()) {
            throw new IllegalArgumentException("exampleId is blank: '" + exampleId + "'");
        }
        if (features == null) {
            throw new IllegalArgumentException("features of '" + exampleId + "' is null");
        }
        features = features.clone();
    }

    /** A copy of the features. */
    @Override
    public float[] features() {
        return features.clone();
    }

    /** The features without copying, for the detector's own use. */
    float[] featuresView() {
        return features;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OodRecord r
                && exampleId.equals(r.exampleId)
                && eventTime == r.eventTime
                && Arrays.equals(features, r.features);
    }

    @Override
    public int hashCode() {
        return (exampleId.hashCode() * 31 + Long.hashCode(eventTime)) * 31
                + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "OodRecord[exampleId="
                + exampleId
                + ", eventTime="
                + eventTime
                + ", features="
                + Arrays.toString(features)
                + "]";
    }
}
