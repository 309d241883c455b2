/**
 * Evaluation of online learners on streams.
 *
 * <p>{@link io.protoflow.core.eval.PrequentialAccuracy} implements test-then-train (prequential)
 * accounting: each example is first predicted, the prediction recorded, and only then learned. It
 * keeps overall, per-class and recent-window accuracy in constant memory per class, for the CLI's
 * live progress and the benchmark harness alike.
 */
package io.protoflow.core.eval;
