/**
 * Novel-class discovery: finding classes the learner does not know among the records an
 * out-of-distribution rule flags, and turning them into learner classes once labels arrive.
 *
 * <p>A {@link io.protoflow.core.discovery.NovelClassDetector} buffers {@link
 * io.protoflow.core.discovery.OodRecord}s, clusters them online with DP-means, and emits a {@link
 * io.protoflow.core.discovery.NovelClassCandidate} (prototype, member ids, size, compactness,
 * separation) once per cluster that is compact, far from the {@link
 * io.protoflow.core.discovery.KnownClasses} prototypes and well supported. Labels for members
 * ({@code assignLabel}) promote a candidate: the {@link io.protoflow.core.discovery.ClassPromotion}
 * learns its buffered members into the learner, exactly and without retraining. Parameters are a
 * validated {@link io.protoflow.core.discovery.DiscoveryConfig}; the whole state is an immutable
 * {@link io.protoflow.core.discovery.DiscoveryState}, which {@link
 * io.protoflow.core.discovery.DiscoveryStateCodec} turns into versioned bytes for operator state.
 */
package io.protoflow.core.discovery;
