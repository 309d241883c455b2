package io.protoflow.flink.learner;

/** The newest published global model of one model id, as broadcast to the learner shards. */
public class GlobalModel {
    public long version;

    /** {@code SnapshotCodec.encodeLearnerState} of the global learner. */
    public byte[] learnerState;

    /** For Flink's POJO serializer. */
    public GlobalModel() {}

    GlobalModel(long version, byte[] learnerState) {
        this.version = version;
        this.learnerState = learnerState;
    }
}
