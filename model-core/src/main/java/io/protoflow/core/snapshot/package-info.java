/**
 * Immutable, versioned snapshot values of model state and their binary codec.
 *
 * <p>Streaming jobs never persist live learner objects: Flink state, Kafka topics and files hold
 * these values instead. A {@link io.protoflow.core.snapshot.LearnerState} captures everything a
 * learner needs to be rebuilt (type, dimension, parameters, per-class prototypes); a {@link
 * io.protoflow.core.snapshot.ModelSnapshot} wraps it with identity, lineage, {@link
 * io.protoflow.core.snapshot.Provenance} and the calibrated OOD thresholds ({@link
 * io.protoflow.core.snapshot.OodThresholdState}, format version 3). {@link
 * io.protoflow.core.snapshot.SnapshotCodec} writes both in a binary format that starts with magic
 * bytes and a format version, so that a newer build reads older snapshots and an older build
 * refuses newer ones with a clear message. A golden file for each released format version is kept
 * in the test resources and loaded by a test.
 */
package io.protoflow.core.snapshot;
