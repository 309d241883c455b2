package io.protoflow.flink.learner;

/**
 * Per-model bookkeeping kept in keyed state beside the learner: snapshot lineage and cadence. A
 * Flink POJO.
 */
public class ModelProgress {
    /** Last published snapshot version, 0 before the first. */
    public long version;

    /** Labelled examples learned into the model. */
    public long examplesLearned;

    /** Examples learned since the last published snapshot. */
    public long sincePublish;

    /** Processing time of the pending snapshot timer, or 0 when none is pending. */
    public long pendingTimer;

    /** Whether the end-of-input timer has been registered. */
    public boolean finalTimerRegistered;

    /** For Flink's POJO serializer. */
    public ModelProgress() {}
}
