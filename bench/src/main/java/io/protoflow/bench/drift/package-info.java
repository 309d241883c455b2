/**
 * The drift-detection evaluation behind {@link io.protoflow.bench.DriftEval}: MOA generator streams
 * with known drift points ({@link io.protoflow.bench.drift.DriftStream}), the prequential error
 * stream of a MOA base classifier ({@link io.protoflow.bench.drift.PrequentialErrors}), Protoflow
 * and MOA detectors behind one small interface ({@link io.protoflow.bench.drift.DetectorSpec}) and
 * the scoring of detections against the drifts ({@link io.protoflow.bench.drift.DetectionScore}).
 * MOA (GPL-3.0) is used here only, as a baseline.
 */
package io.protoflow.bench.drift;
