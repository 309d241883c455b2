/**
 * What the serving topology reports while it works ({@link
 * io.protoflow.serving.telemetry.ServingTelemetry}: snapshots, commands, swaps, predictions, dead
 * letters, alerts) and its Micrometer listener, {@link
 * io.protoflow.serving.telemetry.ServingMetrics}, whose meters {@code /metrics} exports to
 * Prometheus.
 */
package io.protoflow.serving.telemetry;
