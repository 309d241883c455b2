/**
 * JMH benchmarks: learner learn/predict throughput per core at d = 384 and 784 with C = 10, 100 and
 * 1000 classes on seeded clustered data, and dot-product kernels in GFLOP/s against the core's FMA
 * peak. Run them with {@code org.openjdk.jmh.Main} as described in {@code bench/README.md}; {@code
 * mvn verify} compiles but never runs them.
 */
package io.protoflow.bench.jmh;
