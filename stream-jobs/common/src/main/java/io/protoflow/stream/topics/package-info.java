/**
 * The typed registry of Protoflow's Kafka topics: {@link io.protoflow.stream.topics.Topics} holds
 * one immutable {@link io.protoflow.stream.topics.TopicSpec} per topic (name, value record type,
 * key, cleanup policy and topic configs), and {@link io.protoflow.stream.topics.TopicAdmin} creates
 * them. The topic table in schemas/README.md documents the same registry; a test keeps both in
 * step.
 */
package io.protoflow.stream.topics;
