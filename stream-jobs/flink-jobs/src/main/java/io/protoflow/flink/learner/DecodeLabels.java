package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.mapping.ExampleMapper;

/**
 * Decodes late labels from the labels topic. Undecodable, oversized or incomplete records (no
 * example id, no model id, blank label) go to the dead-letter side output with their reason.
 */
public final class DecodeLabels extends DecodeRecords<LabelFeedback, LabelFeedback> {
    private static final long serialVersionUID = 1L;

    /** Stage name recorded in dead letters. */
    static final String STAGE = "decode-labels";

    /** A decoder for the named job, rejecting values above {@code maxRecordBytes}. */
    public DecodeLabels(String jobName, int maxRecordBytes) {
        super(jobName, maxRecordBytes, LabelFeedback.class, STAGE, "labelsIn");
    }

    @Override
    protected LabelFeedback accept(RawRecord raw, LabelFeedback label) {
        validate(label);
        return label;
    }

    @Override
    protected String modelIdOf(LabelFeedback label) {
        return label.getModelId();
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
}
