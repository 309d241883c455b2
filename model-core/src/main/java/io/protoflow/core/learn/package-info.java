/**
 * Online learners: the {@link io.protoflow.core.learn.Learner} contract and its implementations.
 *
 * <p>A learner sees one labelled example at a time ({@code learn}), ranks every class it knows
 * ({@code predict}), accepts new classes at any moment, merges with a peer trained on another part
 * of the stream ({@code merge}) and exports its whole state as an immutable {@link
 * io.protoflow.core.snapshot.LearnerState} value, so that Flink state, Kafka topics and files hold
 * snapshots rather than live objects. {@link io.protoflow.core.learn.Learners} creates learners by
 * type name and restores them from snapshots. Inputs are validated with {@link
 * io.protoflow.core.learn.Vectors#requireValid}; errors are unchecked and name the offending value.
 */
package io.protoflow.core.learn;
