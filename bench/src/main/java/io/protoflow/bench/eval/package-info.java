/**
 * The class-incremental and out-of-distribution evaluation protocols and their metrics.
 *
 * <p>{@link io.protoflow.bench.eval.EvalStream} fixes the stages and the test set once; {@link
 * io.protoflow.bench.eval.ClassIncrementalProtocol} drives any {@link
 * io.protoflow.bench.eval.StreamClassifier} (a Protoflow learner named by a {@link
 * io.protoflow.bench.eval.LearnerSpec}, or a {@link io.protoflow.bench.eval.MoaClassifier}) through
 * them test-then-train, timing learning and prediction on one thread; {@link
 * io.protoflow.bench.eval.IncrementalMetrics} defines final accuracy, average incremental accuracy
 * and forgetting; {@link io.protoflow.bench.eval.Report} renders markdown, CSV and JSON. For the
 * OOD evaluation, {@link io.protoflow.bench.eval.OodMetrics} computes AUROC and FPR at a TPR, and
 * {@link io.protoflow.bench.eval.DatasetArgument} loads the datasets named on command lines,
 * JSON-lines texts through {@link io.protoflow.bench.eval.TextDatasets}.
 */
package io.protoflow.bench.eval;
