package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes late labels from the labels topic. Undecodable, oversized or incomplete records (no
 * example id, no model id, blank label) go to the dead-letter side output with their reason.
 */
public final class DecodeLabels extends ProcessFunction<RawRecord, LabelFeedback> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    static final String STAGE = "decode-labels";

    private final String jobName;
    private final int maxRecordBytes;
    private final AvroCodec<LabelFeedback> codec = AvroCodec.of(LabelFeedback.class);
    private transient Counter labelsIn;
    private transient Counter deadLetters;

    /** A decoder for the named job, rejecting values above {@code maxRecordBytes}. */
    public DecodeLabels(String jobName, int maxRecordBytes) {
        this.jobName = jobName;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        labelsIn = getRuntimeContext().getMetricGroup().counter("labelsIn");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<LabelFeedback> out) {
        labelsIn.inc();
        LabelFeedback label = null;
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
            label = codec.decode(raw.value);
            validate(label);
            out.collect(label);
        } catch (BadRecordException e) {
            reject(raw, e.errorClass(), e.getMessage(), label, ctx);
        } catch (RuntimeException e) {
            reject(raw, DeadLetters.INTERNAL, e.toString(), null, ctx);
        }
    }

    /** Checks the fields the join needs. */
    static void validate(LabelFeedback label) {
        if (label.getExampleId() == null || label.getExampleId().isBlank()) {
            throw new BadRecordException(
                    ExampleMapper.MISSING_ID, "label feedback has no example id");
        }
        if (label.getModelId() == null || label.getModelId().isBlank()) {
            throw new BadRecordException(
                    ExampleMapper.MISSING_MODEL_ID,
                    "label feedback for example '"
                            + label.getExampleId()
                            + "' has no model id, got '"
                            + label.getModelId()
                            + "'");
        }
        if (label.getLabel() == null || label.getLabel().isBlank()) {
            throw new BadRecordException(
                    ExampleMapper.INVALID_LABEL,
                    "label feedback for example '" + label.getExampleId() + "': label is blank");
        }
    }

    private void reject(
            RawRecord raw, String errorClass, String reason, LabelFeedback label, Context ctx) {
        deadLetters.inc();
        ctx.output(
                OutputTags.DEAD_LETTERS,
                DeadLetters.of(
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
                        label == null ? null : label.getModelId(),
                        ctx.timerService().currentProcessingTime()));
    }
}
