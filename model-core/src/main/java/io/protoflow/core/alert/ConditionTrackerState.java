package io.protoflow.core.alert;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of a {@link ConditionTracker}.
 *
 * @param hysteresis the hysteresis of new latches
 * @param latches the latches, in creation order, with distinct keys
 */
public record ConditionTrackerState(HysteresisConfig hysteresis, List<AlertLatchState> latches) {

    public ConditionTrackerState {
        if (hysteresis == null || latches == null) {
            throw new IllegalArgumentException("hysteresis and latches must not be null");
        }
        latches = List.copyOf(latches);
        Set<AlertKey> keys = new HashSet<>();
        for (AlertLatchState l : latches) {
            if (!keys.add(l.key())) {
                throw new IllegalArgumentException("latches has duplicate key " + l.key());
            }
        }
    }
}
