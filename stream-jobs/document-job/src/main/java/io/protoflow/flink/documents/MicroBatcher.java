package io.protoflow.flink.documents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Groups items into batches: a batch is closed when it holds {@code batchSize} items or when its
 * first item has waited {@code maxWait}, whichever comes first, and handed to the flush action on
 * an executor (a single-thread executor runs batches one after the other, in the order they were
 * closed). Thread-safe.
 *
 * @param <T> the item type
 */
final class MicroBatcher<T> {

    /** Runs a task after a delay. */
    interface Scheduler {
        /** Schedules {@code task}; the returned handle cancels it. */
        Runnable schedule(Runnable task, Duration delay);
    }

    private final int batchSize;
    private final Duration maxWait;
    private final Consumer<List<T>> flush;
    private final Executor executor;
    private final Scheduler scheduler;
    private List<T> pending;
    private Runnable cancelTimer;
    private long batchNumber;

    MicroBatcher(
            int batchSize,
            Duration maxWait,
            Consumer<List<T>> flush,
            Executor executor,
            Scheduler scheduler) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.flush = Objects.requireNonNull(flush, "flush");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.pending = new ArrayList<>(batchSize);
    }

    /** Adds an item; closes the batch when it is full, or starts its timer when it is new. */
    synchronized void add(T item) {
        pending.add(item);
        if (pending.size() >= batchSize) {
            closeBatch();
        } else if (pending.size() == 1) {
            long batch = batchNumber;
            cancelTimer = scheduler.schedule(() -> expire(batch), maxWait);
        }
    }

    /** Items waiting in the open batch. */
    synchronized int pending() {
        return pending.size();
    }

    private synchronized void expire(long batch) {
        // a timer that lost the race against a full batch must not close its successor early
        if (batch == batchNumber && !pending.isEmpty()) {
            closeBatch();
        }
    }

    private void closeBatch() {
        List<T> batch = pending;
        pending = new ArrayList<>(batchSize);
        batchNumber++;
        if (cancelTimer != null) {
            cancelTimer.run();
            cancelTimer = null;
        }
        executor.execute(() -> flush.accept(batch));
    }
}
