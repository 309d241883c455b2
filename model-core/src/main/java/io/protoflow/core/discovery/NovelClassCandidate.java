package io.protoflow.core.discovery;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A cluster of out-of-distribution records that looks like a class the learner does not know:
 * compact, away from every known prototype and well supported. A {@link NovelClassDetector} emits
 * one such record per cluster, once; it is what a NOVEL_CLASS alert carries. Immutable.
 *
 * @param candidateId the detector-unique id, {@code "novel-<n>"}
 * @param prototype the cluster centre (mean of its members), in the known prototypes' space
 * @param memberIds ids of up to {@link DiscoveryConfig#memberSampleSize()} members, nearest to the
 *     centre first: the examples to show a human for labelling
 * @param size the number of buffered members
 * @param compactness the root mean squared member-to-centre distance in units of the known spread
 * @param separation the distance from the centre to the nearest known prototype in units of the
 *     known spread; infinite when no class is known
 * @param nearestKnownLabel the label of that prototype, or null when no class is known
 * @param firstEventTime the earliest event time among the members
 * @param lastEventTime the latest event time among the members
 */
public record NovelClassCandidate(
        String candidateId,
        double[] prototype,
        List<String> memberIds,
        int size,
        double compactness,
        double separation,
        String nearestKnownLabel,
        long firstEventTime,
        long lastEventTime) {

    public NovelClassCandidate {
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("candidateId is blank: '" + candidateId + "'");
        }
        if (prototype == null || prototype.length == 0) {
            throw new IllegalArgumentException("prototype of " + candidateId + " is empty");
        }
        prototype = prototype.clone();
        memberIds = List.copyOf(memberIds);
        if (size < memberIds.size()) {
            throw new IllegalArgumentException(
                    "size of "
                            + candidateId
                            + " must be >= its "
                            + memberIds.size()
                            + " listed members, got "
                            + size);
        }
    }

    /** A copy of the prototype. */
    @Override
    public double[] prototype() {
        return prototype.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NovelClassCandidate c
                && candidateId.equals(c.candidateId)
                && Arrays.equals(prototype, c.prototype)
                && memberIds.equals(c.memberIds)
                && size == c.size
                && Double.compare(compactness, c.compactness) == 0
                && Double.compare(separation, c.separation) == 0
                && Objects.equals(nearestKnownLabel, c.nearestKnownLabel)
                && firstEventTime == c.firstEventTime
                && lastEventTime == c.lastEventTime;
    }

    @Override
    public int hashCode() {
        return (candidateId.hashCode() * 31 + Arrays.hashCode(prototype)) * 31 + size;
    }

    @Override
    public String toString() {
        return "NovelClassCandidate[candidateId="
                + candidateId
                + ", size="
                + size
                + ", compactness="
                + compactness
                + ", separation="
                + separation
                + ", nearestKnownLabel="
                + nearestKnownLabel
                + ", memberIds="
                + memberIds
                + "]";
    }
}
