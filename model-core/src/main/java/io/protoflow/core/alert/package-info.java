/**
 * Alerts about models, with hysteresis: a persistent or noisy condition raises one alert and later
 * one resolved event, never a storm.
 *
 * <p>{@link io.protoflow.core.alert.Alert} and its enums mirror the Avro schema {@code Alert.avsc}
 * field by field, so the stream jobs map them 1:1. {@link io.protoflow.core.alert.AlertLatch} turns
 * checks of one condition ({@link io.protoflow.core.alert.Observation}) into RAISED and RESOLVED
 * events under a {@link io.protoflow.core.alert.HysteresisConfig}; {@link
 * io.protoflow.core.alert.ConditionTracker} holds latches by {@link
 * io.protoflow.core.alert.AlertKey}. Two ready-made monitors: {@link
 * io.protoflow.core.alert.DriftAlertMonitor} (a drift detector from {@code io.protoflow.core.drift}
 * on, e.g., the error stream) and {@link io.protoflow.core.alert.OodRateMonitor} (the windowed rate
 * of out-of-distribution flags against the scorer's expected rate). Every component's state is an
 * immutable record ({@code snapshot()}, {@code restore(state)}), written as versioned bytes by
 * {@link io.protoflow.core.alert.AlertStateCodec}. Event ids are deterministic, so a replayed job
 * emits the same ids.
 */
package io.protoflow.core.alert;
