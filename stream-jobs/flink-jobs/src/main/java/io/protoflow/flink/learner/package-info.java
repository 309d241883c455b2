/**
 * The online prototype learner job: decodes training examples from Kafka, routes bad records to the
 * dead-letter topic, predicts then learns every labelled example (test-then-train) with a
 * model-core learner held in keyed state per model id, and publishes versioned model snapshots.
 * Sinks are transactional, so outputs become visible exactly once, at checkpoints.
 */
package io.protoflow.flink.learner;
