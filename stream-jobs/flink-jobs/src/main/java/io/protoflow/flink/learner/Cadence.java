package io.protoflow.flink.learner;

import java.time.Duration;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * The "every N examples, or after T with pending work, and at end of input" rule shared by snapshot
 * publishing and shard-delta flushing. Pending work is counted in {@link
 * ModelProgress#sincePublish}; timers are Flink timers so the rule survives restarts.
 */
final class Cadence implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long every;
    private final long intervalMillis;

    Cadence(long every, Duration interval) {
        this.every = every;
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Called after pending work grew: true when the count threshold is reached (act now); otherwise
     * makes sure the interval timer and the end-of-input timer are registered.
     */
    boolean dueAfterWork(ModelProgress progress, TimerService timers) {
        if (!progress.finalTimerRegistered) {
            // Fires on the final watermark: end of a bounded input, or stop-with-drain.
            timers.registerEventTimeTimer(Long.MAX_VALUE);
            progress.finalTimerRegistered = true;
        }
        if (progress.sincePublish >= every) {
            return true;
        }
        if (progress.sincePublish > 0 && progress.pendingTimer == 0) {
            progress.pendingTimer = timers.currentProcessingTime() + intervalMillis;
            timers.registerProcessingTimeTimer(progress.pendingTimer);
        }
        return false;
    }

    /** Called from onTimer: true when this timer should act on pending work. */
    boolean dueOnTimer(ModelProgress progress, long timestamp, TimeDomain domain) {
        if (domain == TimeDomain.PROCESSING_TIME) {
            if (timestamp != progress.pendingTimer) {
                return false; // superseded by a count-triggered action
            }
            progress.pendingTimer = 0;
        }
        return progress.sincePublish > 0;
    }

    /** Called when acting: clears the pending count and any pending interval timer. */
    void done(ModelProgress progress, TimerService timers) {
        if (progress.pendingTimer != 0) {
            timers.deleteProcessingTimeTimer(progress.pendingTimer);
            progress.pendingTimer = 0;
        }
        progress.sincePublish = 0;
    }
}
