package io.protoflow.core.alert;

import java.util.Arrays;
import java.util.List;

/**
 * A candidate new class found among out-of-distribution records, carried by {@link
 * AlertType#NOVEL_CLASS} alerts (mirrors the Avro record {@code NovelClass}: a discovery
 * component's richer candidate maps onto it by prototype, member ids and size).
 *
 * @param prototype the cluster's centre in the learner's feature space (copied)
 * @param memberIds ids of (a sample of) the records in the cluster, for labelling
 * @param size records in the cluster, >= memberIds.size()
 */
public record NovelClass(double[] prototype, List<String> memberIds, long size) {

    public NovelClass {
        if (prototype == null || prototype.length == 0) {
            throw new IllegalArgumentException("prototype must be a non-empty vector");
        }
        for (int i = 0; i < prototype.length; i++) {
            if (!Double.isFinite(prototype[i])) {
                throw new IllegalArgumentException(
                        "prototype[" + i + "] must be finite, got " + prototype[i]);
            }
        }
        if (memberIds == null) {
            throw new IllegalArgumentException("memberIds is null");
        }
        memberIds = List.copyOf(memberIds);
        if (size < memberIds.size()) {
            throw new IllegalArgumentException(
                    "size must be >= memberIds.size() " + memberIds.size() + ", got " + size);
        }
        prototype = prototype.clone();
    }

    /** A copy of the prototype. */
    @Override
    public double[] prototype() {
        return prototype.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NovelClass c
                && Arrays.equals(prototype, c.prototype)
                && memberIds.equals(c.memberIds)
                && size == c.size;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(prototype) + memberIds.hashCode()) + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "NovelClass[dimension="
                + prototype.length
                + ", memberIds="
                + memberIds
                + ", size="
                + size
                + "]";
    }
}
