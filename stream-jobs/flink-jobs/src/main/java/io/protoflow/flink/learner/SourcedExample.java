package io.protoflow.flink.learner;

import io.protoflow.schemas.Example;

/**
 * A decoded, validated example with the coordinates of the Kafka record it came from, so that a
 * later stage can still send it to the dead-letter topic with its origin.
 */
public class SourcedExample {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public Example example;

    /** For Flink's POJO serializer. */
    public SourcedExample() {}

    /** An example read at the given coordinates. */
    public SourcedExample(
            String topic, int partition, long offset, long timestamp, Example example) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.example = example;
    }

    /** The model this example belongs to: the key of the learner stage. */
    public String modelId() {
        return example.getModelId();
    }
}
