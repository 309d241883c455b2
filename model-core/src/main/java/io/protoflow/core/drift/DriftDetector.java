package io.protoflow.core.drift;

import java.util.Map;

/**
 * A change detector on a scalar stream: error indicators (0 for a correct prediction, 1 for a
 * mistake) or scores (e.g. an out-of-distribution score per record). Each call to {@link #update}
 * consumes one value and says whether the stream has changed.
 *
 * <p>{@link DriftState#DRIFT} is an event, not a condition: after reporting it a detector adapts to
 * the new regime by itself (ADWIN drops the old part of its window, DDM and Page-Hinkley restart
 * their statistics, KSWIN keeps only its most recent values), so a persisting change is reported
 * once. {@link #reset()} returns the detector to its freshly constructed state with the same
 * configuration (a seeded detector restarts its random sequence from the seed); callers rarely need
 * it. Alerting with hysteresis on top of these events lives in {@code io.protoflow.core.alert}.
 *
 * <p>Implementations are not thread-safe (one per key in a keyed stream). Their whole state is an
 * immutable {@link ScalarDetectorState} value ({@link #snapshot()}); {@link DriftDetectors#restore}
 * rebuilds a detector that continues exactly where the original was.
 */
public interface DriftDetector {

    /**
     * Consumes the next value of the stream.
     *
     * @return the state after this value
     * @throws IllegalArgumentException if the value is not finite, or outside [0, 1] for a detector
     *     of error rates
     */
    DriftState update(double value);

    /** The state returned by the last {@link #update}; {@link DriftState#NONE} before any. */
    DriftState lastState();

    /** Forgets everything seen: the detector behaves as freshly constructed. */
    void reset();

    /** The detector's type name, e.g. {@code "adwin"}, as used in alerts and configuration. */
    String type();

    /** Values consumed since construction or the last {@link #reset()}. */
    long count();

    /** Drifts reported since construction or the last {@link #reset()}. */
    long drifts();

    /**
     * The numbers behind the last decision, by name (e.g. {@code meanBefore}, {@code meanAfter},
     * {@code epsilon} for ADWIN), for alert evidence. Empty before the first value.
     */
    Map<String, Double> evidence();

    /** The detector's whole state as an immutable value. */
    ScalarDetectorState snapshot();
}
