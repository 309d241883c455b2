/**
 * Out-of-distribution scoring in the serving app: the {@link io.protoflow.serving.ood.OodScoring}
 * seam, bound once per served snapshot, and its default, which scores by distance to the nearest
 * prototype and flags against the snapshot's calibrated {@code min-distance} threshold. Richer
 * scorers (Mahalanobis, kNN, energy) plug in through the same interface.
 */
package io.protoflow.serving.ood;
