package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.Example;
import io.protoflow.stream.mapping.ExampleMapper;

/**
 * Decodes raw Kafka records into validated examples. Anything that cannot be decoded or fails
 * validation goes to the dead-letter side output with its reason; the job never fails on input.
 */
public final class DecodeExamples extends DecodeRecords<Example, SourcedExample> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    static final String STAGE = "decode";

    /** A decoder for the named job, rejecting values above {@code maxRecordBytes}. */
    public DecodeExamples(String jobName, int maxRecordBytes) {
        super(jobName, maxRecordBytes, Example.class, STAGE, "examplesIn");
    }

    @Override
    protected SourcedExample accept(RawRecord raw, Example example) {
        ExampleMapper.validate(example);
        return new SourcedExample(raw.topic, raw.partition, raw.offset, raw.timestamp, example);
    }

    @Override
    protected String modelIdOf(Example example) {
        return example.getModelId();
    }
}
