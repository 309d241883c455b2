package io.protoflow.flink.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    /** A scheduler whose timers fire only when the test says so. */
    private static final class ManualScheduler implements MicroBatcher.Scheduler {
        final List<Runnable> timers = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        int cancelled;

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            timers.add(task);
            delays.add(delay);
            return () -> cancelled++;
        }
    }

    private final List<List<Integer>> flushed = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();

    private MicroBatcher<Integer> batcher(int size) {
        return new MicroBatcher<>(
                size, Duration.ofMillis(50), flushed::add, Runnable::run, scheduler);
    }

    @Test
    void fullBatchIsFlushedAtOnceAndItsTimerCancelled() {
        MicroBatcher<Integer> b = batcher(3);
        for (int i = 1; i <= 7; i++) {
            b.add(i);
        }
        assertThat(flushed).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6));
        assertThat(b.pending()).isEqualTo(1);
        // one timer per batch, started by its first item; the two full batches cancelled theirs
        assertThat(scheduler.timers).hasSize(3);
        assertThat(scheduler.delays).containsOnly(Duration.ofMillis(50));
        assertThat(scheduler.cancelled).isEqualTo(2);
    }

    @Test
    void partialBatchIsFlushedWhenItsFirstItemHasWaitedMaxWait() {
        MicroBatcher<Integer> b = batcher(4);
        b.add(1);
        b.add(2);
        assertThat(flushed).isEmpty();
        scheduler.timers.get(0).run();
        assertThat(flushed).containsExactly(List.of(1, 2));
        assertThat(b.pending()).isZero();
    }

    @Test
    void timerOfAFlushedBatchDoesNotCloseTheNextBatchEarly() {
        MicroBatcher<Integer> b = batcher(2);
        b.add(1);
        b.add(2); // full: flushed, but suppose its timer fires anyway (lost the race)
        b.add(3);
        scheduler.timers.get(0).run();
        assertThat(flushed).containsExactly(List.of(1, 2));
        assertThat(b.pending()).isEqualTo(1);
        scheduler.timers.get(1).run();
        assertThat(flushed).containsExactly(List.of(1, 2), List.of(3));
    }

    @Test
    void batchSizeOneFlushesEveryItemWithoutTimers() {
        MicroBatcher<Integer> b = batcher(1);
        b.add(1);
        b.add(2);
        assertThat(flushed).containsExactly(List.of(1), List.of(2));
        assertThat(scheduler.timers).isEmpty();
    }

    @Test
    void rejectsBatchSizeBelowOne() {
        assertThatThrownBy(() -> batcher(0)).hasMessage("batchSize must be >= 1, got 0");
    }
}
