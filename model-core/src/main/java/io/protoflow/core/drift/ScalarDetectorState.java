package io.protoflow.core.drift;

/**
 * The immutable state of a scalar {@link DriftDetector}: its configuration and every statistic it
 * holds. {@link DriftDetectors#restore} turns it back into a detector; {@link DriftStateCodec}
 * writes it as versioned bytes for Flink state.
 */
public sealed interface ScalarDetectorState
        permits AdwinState, DdmState, PageHinkleyState, KswinState {

    /** The type name of the detector this state belongs to, e.g. {@code "adwin"}. */
    String type();
}
