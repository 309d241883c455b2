/**
 * Dense vector and matrix kernels for the learners' hot loops (dot products, distances, axpy,
 * rank-k updates, Cholesky factorisation and triangular solves).
 *
 * <p>{@link io.protoflow.core.linalg.Kernels} has two implementations: one on the Java Vector API
 * ({@code jdk.incubator.vector}, preferred species of the CPU) and a plain scalar fallback. {@link
 * io.protoflow.core.linalg.Kernels#get()} picks the Vector API one when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and the scalar one otherwise; the system property
 * {@code protoflow.kernels=scalar|vector} overrides the choice. The Vector API class is loaded
 * reflectively only when its module is present, so the code runs on any JVM without the flag. The
 * two implementations sum in different orders, so their results agree only up to floating-point
 * rounding (stated per method); each one is deterministic.
 */
package io.protoflow.core.linalg;
