package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kafka records into validated examples. Anything that cannot be decoded or fails
 * validation goes to the dead-letter side output with its reason; the job never fails on input.
 */
public final class DecodeExamples extends ProcessFunction<RawRecord, SourcedExample> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    static final String STAGE = "decode";

    private final String jobName;
    private final int maxRecordBytes;
    private final AvroCodec<Example> codec = AvroCodec.of(Example.class);
    private transient Counter examplesIn;
    private transient Counter deadLetters;

    /** A decoder for the named job, rejecting values above {@code maxRecordBytes}. */
    public DecodeExamples(String jobName, int maxRecordBytes) {
        this.jobName = jobName;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        examplesIn = getRuntimeContext().getMetricGroup().counter("examplesIn");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SourcedExample> out) {
        examplesIn.inc();
        Example example = null;
        try {
            if (raw.value != null && raw.value.length > maxRecordBytes) {
                throw new BadRecordException(
                        ExampleMapper.OVERSIZED,
                        "record value has "
                                + raw.value.length
                                + " bytes, limit is "
                                + maxRecordBytes
                                + " (maxRecordBytes)");
            }
            example = codec.decode(raw.value);
            ExampleMapper.validate(example);
            out.collect(
                    new SourcedExample(
                            raw.topic, raw.partition, raw.offset, raw.timestamp, example));
        } catch (BadRecordException e) {
            deadLetters.inc();
            String modelId = example == null ? null : example.getModelId();
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    deadLetter(raw, e.errorClass(), e.getMessage(), modelId, ctx));
        } catch (RuntimeException e) {
            // A bug, not bad input: still never lose the record or stop the stream.
            deadLetters.inc();
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    deadLetter(raw, DeadLetters.INTERNAL, e.toString(), null, ctx));
        }
    }

    private DeadLetter deadLetter(
            RawRecord raw, String errorClass, String reason, String modelId, Context ctx) {
        return DeadLetters.of(
                raw.topic,
                raw.partition,
                raw.offset,
                raw.timestamp,
                raw.key,
                raw.value,
                errorClass,
                reason,
                STAGE,
                jobName,
                modelId,
                ctx.timerService().currentProcessingTime());
    }
}
