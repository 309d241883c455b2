/**
 * Out-of-distribution (OOD) scores for every prediction, with thresholds calibrated online.
 *
 * <p>An {@link io.protoflow.core.ood.OodScorer} says how unusual an input is for a learner (higher
 * is more unusual). Four are provided, created by name through {@link
 * io.protoflow.core.ood.OodScorers}: {@code mahalanobis} (nearest class mean under the shared
 * covariance: streaming LDA's, or the scorer's own estimate for any learner), {@code max-cosine}
 * (negative maximum cosine to the prototypes), {@code knn} (distance to the k-th nearest example in
 * a seeded per-class reservoir) and {@code energy} (free energy over negative squared distances to
 * the prototypes). Scorers read learners through their snapshots ({@link
 * io.protoflow.core.snapshot.LearnerState}), so they work with every learner type and never touch
 * learner internals.
 *
 * <p>Raw scores have no common scale. A {@link io.protoflow.core.ood.ThresholdCalibrator} turns a
 * score into a flag by keeping a quantile sketch of in-distribution scores and thresholding at the
 * quantile that flags a target share of them (default 5%); the threshold and its sketch travel in
 * the model snapshot as {@link io.protoflow.core.snapshot.OodThresholdState}. {@link
 * io.protoflow.core.ood.OodDetector} bundles scorers and calibrators for a streaming operator.
 */
package io.protoflow.core.ood;
