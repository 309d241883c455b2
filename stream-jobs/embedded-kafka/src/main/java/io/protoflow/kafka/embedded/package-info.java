/**
 * A real Kafka KRaft broker running in-process on 127.0.0.1, so that the local command and the
 * integration tests exercise the same broker code as production without Docker or an installed
 * Kafka. {@link io.protoflow.kafka.embedded.EmbeddedKafkaBroker} formats its storage once, reuses a
 * persistent data directory with its cluster id and port, and returns from {@code start} only when
 * clients can connect.
 */
package io.protoflow.kafka.embedded;
