package io.protoflow.core.index;

import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot of {@link TopicPrototypes}: per topic, the sum of its members' vectors and their count
 * (sufficient statistics of the spherical mean). Immutable; safe to keep in stream state.
 *
 * @param version format version, {@value #VERSION}
 * @param config the config the prototypes run with
 * @param dimension vector length
 * @param sums per topic, the sum of member vectors (topic id = position)
 * @param counts per topic, the number of members
 */
public record TopicState(
        int version, TopicConfig config, int dimension, List<double[]> sums, List<Long> counts) {

    /** The format this build writes and reads. */
    public static final int VERSION = 1;

    public TopicState {
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "unknown version " + version + ", this build reads up to " + VERSION);
        }
        if (sums.size() != counts.size()) {
            throw new IllegalArgumentException(
                    "sums and counts must have one entry per topic, got "
                            + sums.size()
                            + " and "
                            + counts.size());
        }
        List<double[]> copy = new ArrayList<>(sums.size());
        for (double[] s : sums) {
            if (s.length != dimension) {
                throw new IllegalArgumentException(
                        "topic sum has dimension " + s.length + ", expected " + dimension);
            }
            copy.add(s.clone());
        }
        sums = List.copyOf(copy);
        counts = List.copyOf(counts);
    }

    @Override
    public List<double[]> sums() {
        return sums.stream().map(double[]::clone).toList();
    }
}
