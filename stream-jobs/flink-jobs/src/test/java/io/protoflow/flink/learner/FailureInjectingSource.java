package io.protoflow.flink.learner;

import io.protoflow.flink.kafka.RawRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps the job's examples source to break the job once, mid-stream, at a known point: a reader
 * emits {@code before} records, pauses until a checkpoint taken after them completes (so the
 * failure has committed state to go back to), emits {@code after} more (output still in open Kafka
 * transactions), then either throws (a task failure) or halts and signals the test, which then
 * kills a TaskManager. Only the first attempt fails; restarted readers pass everything through.
 *
 * <p>Coordination is through static state keyed by the plan's name, which works because a
 * MiniCluster runs in the test's JVM.
 */
final class FailureInjectingSource<S extends SourceSplit, E>
        implements Source<RawRecord, S, E>, ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;

    /** How the first attempt breaks. */
    enum Mode {
        /** The reader throws: a task failure. */
        THROW,
        /** The reader stops emitting and counts down {@link Plan#halted}: the test kills a TM. */
        HALT
    }

    /** Where and how to fail, and what the test can observe of the attempts. */
    static final class Plan {
        final String name;
        final int before;
        final int after;
        final Mode mode;
        final AtomicBoolean fired = new AtomicBoolean();
        final AtomicInteger readersCreated = new AtomicInteger();
        final CountDownLatch halted = new CountDownLatch(1);

        /** Offset of the first record each reader emitted, in emission order. */
        final List<Long> firstOffsets = new CopyOnWriteArrayList<>();

        private Plan(String name, int before, int after, Mode mode) {
            this.name = name;
            this.before = before;
            this.after = after;
            this.mode = mode;
        }
    }

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    /** Registers a plan under a name unique to the test. */
    static Plan plan(String name, int before, int after, Mode mode) {
        Plan plan = new Plan(name, before, after, mode);
        if (PLANS.putIfAbsent(name, plan) != null) {
            throw new IllegalArgumentException("plan " + name + " exists already");
        }
        return plan;
    }

    /** Wraps any examples source with the named plan (captures the wildcard types). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Source<RawRecord, ?, ?> wrap(Source<RawRecord, ?, ?> source, Plan plan) {
        return new FailureInjectingSource(source, plan.name);
    }

    private final Source<RawRecord, S, E> delegate;
    private final String planName;

    private FailureInjectingSource(Source<RawRecord, S, E> delegate, String planName) {
        this.delegate = delegate;
        this.planName = planName;
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
            throws Exception {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
            throws Exception {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<RawRecord, S> createReader(SourceReaderContext context) throws Exception {
        Plan plan = PLANS.get(planName);
        plan.readersCreated.incrementAndGet();
        return new Reader<>(delegate.createReader(context), plan);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<RawRecord> getProducedType() {
        return ((ResultTypeQueryable<RawRecord>) delegate).getProducedType();
    }

    private static final class Reader<S extends SourceSplit> implements SourceReader<RawRecord, S> {
        private final SourceReader<RawRecord, S> delegate;
        private final Plan plan;
        private final boolean armed;
        private int emitted;
        private boolean firstSeen;

        /** Set while paused: the checkpoint that must complete before going on, or -1. */
        private long awaitedCheckpoint = Long.MAX_VALUE;

        private boolean paused;
        private boolean resumed;
        private CompletableFuture<Void> wake = new CompletableFuture<>();

        Reader(SourceReader<RawRecord, S> delegate, Plan plan) {
            this.delegate = delegate;
            this.plan = plan;
            this.armed = !plan.fired.get();
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
            if (paused) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            InputStatus status = delegate.pollNext(new Counting(output));
            if (armed && !plan.fired.get()) {
                if (!resumed && emitted >= plan.before) {
                    paused = true;
                    awaitedCheckpoint = -1;
                    wake = new CompletableFuture<>();
                    return InputStatus.NOTHING_AVAILABLE;
                }
                if (resumed && emitted >= plan.before + plan.after) {
                    plan.fired.set(true);
                    if (plan.mode == Mode.THROW) {
                        throw new IllegalStateException(
                                "injected failure after "
                                        + emitted
                                        + " records ("
                                        + plan.name
                                        + ")");
                    }
                    paused = true; // for good: the test kills this reader's TaskManager
                    wake = new CompletableFuture<>();
                    plan.halted.countDown();
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            return status;
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            if (paused && awaitedCheckpoint == -1) {
                awaitedCheckpoint = checkpointId;
            }
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            delegate.notifyCheckpointComplete(checkpointId);
            if (paused && !plan.fired.get() && awaitedCheckpoint >= 0) {
                if (checkpointId >= awaitedCheckpoint) {
                    paused = false;
                    resumed = true;
                    wake.complete(null);
                }
            }
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            delegate.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return paused ? wake : delegate.isAvailable();
        }

        @Override
        public void addSplits(List<S> splits) {
            delegate.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            delegate.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(org.apache.flink.api.connector.source.SourceEvent event) {
            delegate.handleSourceEvents(event);
        }

        @Override
        public void pauseOrResumeSplits(
                java.util.Collection<String> toPause, java.util.Collection<String> toResume) {
            delegate.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }

        private void seen(RawRecord record) {
            emitted++;
            if (!firstSeen) {
                firstSeen = true;
                plan.firstOffsets.add(record.offset);
            }
        }

        /** Counts what the delegate emits, on the reader output and on per-split outputs. */
        private final class Counting implements ReaderOutput<RawRecord> {
            private final ReaderOutput<RawRecord> out;

            Counting(ReaderOutput<RawRecord> out) {
                this.out = out;
            }

            @Override
            public void collect(RawRecord record) {
                seen(record);
                out.collect(record);
            }

            @Override
            public void collect(RawRecord record, long timestamp) {
                seen(record);
                out.collect(record, timestamp);
            }

            @Override
            public void emitWatermark(Watermark watermark) {
                out.emitWatermark(watermark);
            }

            @Override
            public void markIdle() {
                out.markIdle();
            }

            @Override
            public void markActive() {
                out.markActive();
            }

            @Override
            public SourceOutput<RawRecord> createOutputForSplit(String splitId) {
                SourceOutput<RawRecord> split = out.createOutputForSplit(splitId);
                return new SourceOutput<>() {
                    @Override
                    public void collect(RawRecord record) {
                        seen(record);
                        split.collect(record);
                    }

                    @Override
                    public void collect(RawRecord record, long timestamp) {
                        seen(record);
                        split.collect(record, timestamp);
                    }

                    @Override
                    public void emitWatermark(Watermark watermark) {
                        split.emitWatermark(watermark);
                    }

                    @Override
                    public void markIdle() {
                        split.markIdle();
                    }

                    @Override
                    public void markActive() {
                        split.markActive();
                    }
                };
            }

            @Override
            public void releaseOutputForSplit(String splitId) {
                out.releaseOutputForSplit(splitId);
            }
        }
    }
}
