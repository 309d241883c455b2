/**
 * Protoflow's evaluation harness and benchmarks. Never shipped.
 *
 * <p>{@link io.protoflow.bench.ClassIncrementalEval} is the command that runs the class-incremental
 * protocol on digits, Fashion-MNIST or a user's CSV/IDX data for any Protoflow learner spec, MOA
 * baselines (GPL-3.0, allowed only in this module) and offline upper bounds, and prints the results
 * table that goes into {@code bench/RESULTS.md}. {@link io.protoflow.bench.DriftEval} evaluates
 * model-core's drift detectors against MOA's on MOA generator streams with known drift points.
 */
package io.protoflow.bench;
