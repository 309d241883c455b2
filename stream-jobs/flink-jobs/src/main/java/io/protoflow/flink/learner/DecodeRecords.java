package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kafka records of one Avro type and validates them. Anything oversized, undecodable or
 * invalid goes to the dead-letter side output with its reason and is counted; the job never fails
 * on input. Subclasses say how to validate and what to emit; the document job's decoder is one.
 *
 * @param <T> the Avro record type on the topic
 * @param <O> what the stage emits
 */
public abstract class DecodeRecords<T extends SpecificRecordBase, O>
        extends ProcessFunction<RawRecord, O> {
    private static final long serialVersionUID = 1L;

    private final String jobName;
    private final int maxRecordBytes;
    private final String stage;
    private final String inCounter;
    private final AvroCodec<T> codec;
    private transient Counter recordsIn;
    private transient Counter deadLetters;

    /**
     * @param stage the stage name dead letters record
     * @param inCounter the metric counting records in
     */
    protected DecodeRecords(
            String jobName, int maxRecordBytes, Class<T> type, String stage, String inCounter) {
        this.jobName = jobName;
        this.maxRecordBytes = maxRecordBytes;
        this.codec = AvroCodec.of(type);
        this.stage = stage;
        this.inCounter = inCounter;
    }

    /**
     * Validates a decoded record and returns what to emit.
     *
     * @throws BadRecordException with the error class and reason of an invalid record
     */
    protected abstract O accept(RawRecord raw, T record);

    /** The model id a dead letter names for an invalid decoded record (may be null). */
    protected abstract String modelIdOf(T record);

    /**
     * What a tombstone (a record with a null value) becomes; null, the default, treats it as
     * undecodable bytes. Compacted input topics override this to turn tombstones into deletes.
     *
     * @throws BadRecordException with the error class and reason of an unusable tombstone
     */
    protected O acceptTombstone(RawRecord raw) {
        return null;
    }

    @Override
    public void open(OpenContext openContext) {
        recordsIn = getRuntimeContext().getMetricGroup().counter(inCounter);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<O> out) {
        recordsIn.inc();
        T record = null;
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
            if (raw.value == null) {
                O deletion = acceptTombstone(raw);
                if (deletion != null) {
                    out.collect(deletion);
                    return;
                }
            }
            record = codec.decode(raw.value);
            out.collect(accept(raw, record));
        } catch (BadRecordException e) {
            reject(
                    raw,
                    e.errorClass(),
                    e.getMessage(),
                    record == null ? null : modelIdOf(record),
                    ctx);
        } catch (RuntimeException e) {
            // A bug, not bad input: still never lose the record or stop the stream.
            reject(raw, DeadLetters.INTERNAL, e.toString(), null, ctx);
        }
    }

    private void reject(
            RawRecord raw, String errorClass, String reason, String modelId, Context ctx) {
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
                        stage,
                        jobName,
                        modelId,
                        ctx.timerService().currentProcessingTime()));
    }
}
