/**
 * Kafka plumbing for the Flink jobs: a source that keeps raw bytes and their coordinates (so a
 * record that fails later can still reach the dead-letter topic whole), Avro single-object sinks,
 * and builders that apply the exactly-once settings every Protoflow sink needs.
 */
package io.protoflow.flink.kafka;
