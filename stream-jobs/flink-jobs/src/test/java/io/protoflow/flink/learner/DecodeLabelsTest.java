package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.LabelFeedback;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Late labels: good ones pass, bad ones become dead letters with their reason. */
class DecodeLabelsTest {

    private static byte[] label(String exampleId, String model, String label) {
        return Topics.LABELS
                .codec()
                .encode(
                        LabelFeedback.newBuilder()
                                .setExampleId(exampleId)
                                .setModelId(model)
                                .setLabel(label)
                                .setEventTime(Instant.ofEpochMilli(5))
                                .build());
    }

    private static RawRecord raw(long offset, byte[] value) {
        return new RawRecord("protoflow.labels", 0, offset, 5, null, value);
    }

    @Test
    void validLabelsPassAndBadOnesGoToDeadLettersWithTheirReason() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, LabelFeedback> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeLabels("job", 256))) {
            h.processElement(raw(0, label("e1", "m", "cat")), 0);
            h.processElement(raw(1, "not avro".getBytes(StandardCharsets.UTF_8)), 0);
            h.processElement(raw(2, label("e2", "m", " ")), 0);
            h.processElement(raw(3, label("e3", "", "cat")), 0);
            h.processElement(raw(4, new byte[300]), 0);

            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(l -> assertThat(l.getExampleId()).isEqualTo("e1"));
            List<DeadLetter> dead =
                    h.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .extracting(DeadLetter::getSourceOffset)
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(dead)
                    .extracting(DeadLetter::getErrorClass)
                    .containsExactly(
                            "UNDECODABLE",
                            ExampleMapper.INVALID_LABEL,
                            ExampleMapper.MISSING_MODEL_ID,
                            ExampleMapper.OVERSIZED);
            assertThat(dead.get(1).getReason())
                    .isEqualTo("label feedback for example 'e2': label is blank");
            assertThat(dead.get(3).getReason())
                    .isEqualTo("record value has 300 bytes, limit is 256 (maxRecordBytes)");
            assertThat(dead).allSatisfy(d -> assertThat(d.getStage()).isEqualTo("decode-labels"));
        }
    }
}
