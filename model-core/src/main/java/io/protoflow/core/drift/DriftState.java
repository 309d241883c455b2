package io.protoflow.core.drift;

/** What a drift detector concluded after a value: nothing, a warning, or a drift. */
public enum DriftState {
    /** No evidence of change. */
    NONE,
    /**
     * Evidence of change below the drift level: a caller may start preparing (e.g. buffer a
     * replacement model) but should not yet act. Detectors without a warning level never report it.
     */
    WARNING,
    /**
     * A change was detected at this value. Reported once per detected change: the detector adapts
     * (drops or restarts its statistics) so that a persisting new regime is not reported again.
     */
    DRIFT
}
