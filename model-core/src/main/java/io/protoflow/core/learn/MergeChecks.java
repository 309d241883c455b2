package io.protoflow.core.learn;

/**
 * The compatibility checks every {@link Learner#merge} starts with, so that all learners refuse a
 * merge with the same messages.
 */
final class MergeChecks {

    private MergeChecks() {}

    /** {@code other} as a {@code type}, or an exception naming both types. */
    static <T extends Learner> T sameType(Learner self, Learner other, Class<T> type) {
        if (other == null) {
            throw new IllegalArgumentException("other is null");
        }
        if (!type.isInstance(other)) {
            throw new IllegalArgumentException(
                    "cannot merge: other type is '"
                            + other.type()
                            + "', this learner's is '"
                            + self.type()
                            + "'");
        }
        return type.cast(other);
    }

    /** As {@link #sameType}, and the dimensions must match. */
    static <T extends Learner> T sameTypeAndDimension(Learner self, Learner other, Class<T> type) {
        T o = sameType(self, other, type);
        if (o.dimension() != self.dimension()) {
            throw new IllegalArgumentException(
                    "cannot merge: other dimension is "
                            + o.dimension()
                            + ", this learner's is "
                            + self.dimension());
        }
        return o;
    }

    /** Fails, printing both parameter sets, unless {@code same}. */
    static void sameParams(boolean same, Object otherParams, Object ownParams) {
        if (!same) {
            throw new IllegalArgumentException(
                    "cannot merge: other params "
                            + otherParams
                            + " differ from this learner's "
                            + ownParams);
        }
    }
}
