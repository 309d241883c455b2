/**
 * End-to-end streaming benchmarks: the real learner job on a local Flink MiniCluster against the
 * embedded Kafka broker, measured as a downstream {@code read_committed} consumer sees it.
 */
package io.protoflow.bench.e2e;
