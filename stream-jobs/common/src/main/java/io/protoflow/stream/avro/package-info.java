/**
 * Avro single-object encoding of the topic value records: {@link
 * io.protoflow.stream.avro.AvroCodec} (bytes to a generated SpecificRecord and back, reading every
 * released schema version) and {@link io.protoflow.stream.avro.AvroSerde}, its Kafka {@code Serde}.
 * Bytes are a 2-byte marker {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the
 * writer schema and the Avro binary body; no schema registry is involved (schemas/README.md).
 */
package io.protoflow.stream.avro;
