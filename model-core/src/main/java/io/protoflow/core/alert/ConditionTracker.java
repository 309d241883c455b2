package io.protoflow.core.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link AlertLatch}es by alert key, for a component that checks several conditions (several
 * detectors, or one detector per class) and wants one RAISED and one RESOLVED event per condition
 * episode. A latch is created with the tracker's hysteresis the first time a key is observed. Not
 * thread-safe; state is {@link #snapshot()}, restored by {@link #restore}.
 */
public final class ConditionTracker {

    private final HysteresisConfig hysteresis;
    private final Map<AlertKey, AlertLatch> latches = new LinkedHashMap<>();

    /**
     * Creates a tracker with no latches.
     *
     * @throws IllegalArgumentException if {@code hysteresis} is null
     */
    public ConditionTracker(HysteresisConfig hysteresis) {
        if (hysteresis == null) {
            throw new IllegalArgumentException("hysteresis is null");
        }
        this.hysteresis = hysteresis;
    }

    /** Rebuilds a tracker that continues exactly as the one that took the snapshot. */
    public static ConditionTracker restore(ConditionTrackerState s) {
        if (s == null) {
            throw new IllegalArgumentException("state is null");
        }
        ConditionTracker t = new ConditionTracker(s.hysteresis());
        for (AlertLatchState l : s.latches()) {
            t.latches.put(l.key(), AlertLatch.restore(l));
        }
        return t;
    }

    /** The hysteresis of new latches. */
    public HysteresisConfig hysteresis() {
        return hysteresis;
    }

    /**
     * Feeds one check of the condition named by {@code key}.
     *
     * @return the RAISED or RESOLVED event it caused, if any
     * @throws IllegalArgumentException if an argument is null
     */
    public Optional<Alert> observe(AlertKey key, Observation o) {
        if (key == null) {
            throw new IllegalArgumentException("key is null");
        }
        return latches.computeIfAbsent(key, k -> new AlertLatch(k, hysteresis)).observe(o);
    }

    /** Whether an alert is open for the key. */
    public boolean raised(AlertKey key) {
        AlertLatch l = latches.get(key);
        return l != null && l.raised();
    }

    /** The keys with an open alert, by key value. */
    public Set<String> open() {
        Set<String> open = new TreeSet<>();
        for (AlertLatch l : latches.values()) {
            if (l.raised()) {
                open.add(l.key().value());
            }
        }
        return open;
    }

    /** The tracker's whole state as an immutable value. */
    public ConditionTrackerState snapshot() {
        List<AlertLatchState> states = new ArrayList<>();
        for (AlertLatch l : latches.values()) {
            states.add(l.snapshot());
        }
        return new ConditionTrackerState(hysteresis, states);
    }
}
