/**
 * Labelled datasets for the demo, tests and benchmarks, and their arrangement into
 * class-incremental streams.
 *
 * <p>{@link io.protoflow.core.data.Datasets} loads the bundled UCI digits, Fashion-MNIST from the
 * IDX files of the {@code dataset-fashion-mnist} package, any IDX pair and headed numeric CSV
 * files; readers fail with messages that name the file, line, column and value at fault. {@link
 * io.protoflow.core.data.ClassIncremental} splits a dataset into stages that each introduce new
 * classes, shuffled deterministically from a seed, which is the standard protocol for evaluating
 * continual learners.
 */
package io.protoflow.core.data;
