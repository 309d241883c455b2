/**
 * The class-incremental evaluation protocol and its metrics.
 *
 * <p>{@link io.protoflow.bench.eval.EvalStream} fixes the stages and the test set once; {@link
 * io.protoflow.bench.eval.ClassIncrementalProtocol} drives any {@link
 * io.protoflow.bench.eval.StreamClassifier} (a Protoflow learner named by a {@link
 * io.protoflow.bench.eval.LearnerSpec}, or a {@link io.protoflow.bench.eval.MoaClassifier}) through
 * them test-then-train, timing learning and prediction on one thread; {@link
 * io.protoflow.bench.eval.IncrementalMetrics} defines final accuracy, average incremental accuracy
 * and forgetting; {@link io.protoflow.bench.eval.Report} renders markdown, CSV and JSON.
 */
package io.protoflow.bench.eval;
