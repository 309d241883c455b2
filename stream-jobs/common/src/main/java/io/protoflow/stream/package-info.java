/**
 * Code shared by every Protoflow Flink job and Kafka Streams app: the wire contracts (Avro codecs
 * in {@link io.protoflow.stream.avro}, the topic registry in {@link io.protoflow.stream.topics})
 * and {@link io.protoflow.stream.BadRecordException}, the one exception a poison record raises, so
 * that streaming code can route it to the dead-letter topic with its error class and go on.
 */
package io.protoflow.stream;
