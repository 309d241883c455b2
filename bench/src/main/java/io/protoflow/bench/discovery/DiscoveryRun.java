package io.protoflow.bench.discovery;

import java.util.List;

/**
 * The outcome of one discovery run: which classes were held out, how the OOD rule routed the
 * stream, what the detector found and how the learner did after the promotions.
 *
 * @param heldOut the held-out (novel) classes
 * @param seed the run's seed
 * @param dimension the feature space's dimension
 * @param spread the known classes' spread in that space
 * @param oodThreshold the OOD distance threshold
 * @param novelStreamed novel-class records streamed
 * @param knownStreamed known-class records mixed into the stream
 * @param oodRecall the share of novel records flagged OOD
 * @param knownFlagged the share of known records flagged OOD
 * @param emitted candidates emitted over the whole stream
 * @param estimatedK the detector's estimate of the number of new classes at the end
 * @param accuracy clustering accuracy over all streamed novel records, each assigned to the nearest
 *     candidate prototype (Hungarian matching; 0 without a candidate)
 * @param memberAccuracy clustering accuracy over the novel records still buffered, each in the
 *     candidate whose cluster holds it (none counts as wrong)
 * @param promoted candidates promoted after labelling
 * @param newClassAccuracy the learner's accuracy on the novel classes' test rows after promotion
 * @param knownAccuracy the learner's accuracy on the known classes' test rows after promotion
 * @param seconds wall time of the run
 */
public record DiscoveryRun(
        List<String> heldOut,
        long seed,
        int dimension,
        double spread,
        double oodThreshold,
        int novelStreamed,
        int knownStreamed,
        double oodRecall,
        double knownFlagged,
        long emitted,
        int estimatedK,
        double accuracy,
        double memberAccuracy,
        int promoted,
        double newClassAccuracy,
        double knownAccuracy,
        double seconds) {

    public DiscoveryRun {
        heldOut = List.copyOf(heldOut);
    }

    /** Whether the estimate is within one of the true number of new classes. */
    public boolean kWithinOne() {
        return Math.abs(estimatedK - heldOut.size()) <= 1;
    }
}
