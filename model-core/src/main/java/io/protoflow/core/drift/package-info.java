/**
 * Change detectors for data streams: is the stream still the one the model was fit on?
 *
 * <p>Scalar detectors implement {@link io.protoflow.core.drift.DriftDetector} and watch a stream of
 * numbers, typically a model's prequential error indicators (1 = mistake) or a per-record score:
 * {@link io.protoflow.core.drift.AdwinDetector} (adaptive windowing), {@link
 * io.protoflow.core.drift.DdmDetector} (error-rate control chart), {@link
 * io.protoflow.core.drift.PageHinkleyDetector} (cumulative-sum test) and {@link
 * io.protoflow.core.drift.KswinDetector} (windowed Kolmogorov-Smirnov test). {@link
 * io.protoflow.core.drift.MmdDriftDetector} watches a stream of embeddings with a kernel two-sample
 * test. Each reports {@link io.protoflow.core.drift.DriftState#DRIFT} once per detected change and
 * adapts by itself; alert hysteresis on top of these events is in {@code io.protoflow.core.alert}.
 *
 * <p>Configuration is records validated on construction; every detector's whole state is an
 * immutable value ({@code snapshot()}), restored by {@code restore(state)} or {@link
 * io.protoflow.core.drift.DriftDetectors#restore}, and written as versioned bytes by {@link
 * io.protoflow.core.drift.DriftStateCodec}, so a Flink job keeps detectors in keyed state. Seeded
 * detectors keep their random generator's state in the snapshot, so a restored detector continues
 * the same sequence.
 */
package io.protoflow.core.drift;
