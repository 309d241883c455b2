package io.protoflow.flink.learner;

/**
 * What one learner shard learned about one model since its last flush, in model-core's learner
 * state format. The merger folds deltas into the global model with the learner's exact merge. A
 * Flink POJO.
 */
public class ModelDelta {
    public String modelId;

    /** The shard key that produced it. */
    public String shard;

    /** Labelled examples in the delta. */
    public long examples;

    /** {@code SnapshotCodec.encodeLearnerState} of the delta learner. */
    public byte[] learnerState;

    /** For Flink's POJO serializer. */
    public ModelDelta() {}

    ModelDelta(String modelId, String shard, long examples, byte[] learnerState) {
        this.modelId = modelId;
        this.shard = shard;
        this.examples = examples;
        this.learnerState = learnerState;
    }
}
