/**
 * Shared test fixtures for the stream modules: a JUnit 5 extension that hands every test in the JVM
 * the same embedded Kafka broker, and small read/write helpers that see a topic the way a {@code
 * read_committed} consumer does, so tests of exactly-once output assert what downstream consumers
 * would really observe. Used in test scope only.
 */
package io.protoflow.testing;
