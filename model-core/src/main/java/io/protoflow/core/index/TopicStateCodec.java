package io.protoflow.core.index;

import io.protoflow.core.snapshot.StateBytes;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary encoding of {@link TopicState} for Flink keyed state and files: {@link
 * StateBytes} framing with magic {@code "PFTS"}, so corrupt, foreign or newer bytes fail with a
 * message ({@code "unknown topic state format version 2, this build reads up to 1"}) instead of
 * restoring wrong topics.
 *
 * <p>Format version 1 (big-endian):
 *
 * <pre>
 * minSimilarity double
 * maxTopics     int
 * dimension     int
 * topicCount    int, then per topic (topic id = position):
 *   count       long
 *   sum         dimension x double
 * </pre>
 */
public final class TopicStateCodec {

    /** The newest format version this build reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x50465453; // "PFTS"
    private static final String WHAT = "topic state";

    private TopicStateCodec() {}

    /** Encodes a topic state. */
    public static byte[] encode(TopicState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        List<double[]> sums = state.sums();
        return StateBytes.write(
                MAGIC,
                FORMAT_VERSION,
                out -> {
                    out.writeDouble(state.config().minSimilarity());
                    out.writeInt(state.config().maxTopics());
                    out.writeInt(state.dimension());
                    out.writeInt(sums.size());
                    for (int t = 0; t < sums.size(); t++) {
                        out.writeLong(state.counts().get(t));
                        for (double x : sums.get(t)) {
                            out.writeDouble(x);
                        }
                    }
                });
    }

    /**
     * Decodes bytes written by {@link #encode}.
     *
     * @throws IllegalArgumentException for null, truncated, corrupt, foreign or newer bytes
     */
    public static TopicState decode(byte[] bytes) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        try {
            TopicConfig config = new TopicConfig(in.f64("minSimilarity"), in.i32("maxTopics"));
            int dimension = in.i32("dimension");
            if (dimension < 1) {
                throw new IllegalArgumentException("dimension is " + dimension);
            }
            int topics = in.count("topicCount", 8 + 8 * dimension);
            List<double[]> sums = new ArrayList<>(topics);
            List<Long> counts = new ArrayList<>(topics);
            for (int t = 0; t < topics; t++) {
                counts.add(in.i64("count[" + t + "]"));
                double[] sum = new double[dimension];
                for (int d = 0; d < dimension; d++) {
                    sum[d] = in.f64("sum[" + t + "][" + d + "]");
                }
                sums.add(sum);
            }
            in.finish();
            return new TopicState(TopicState.VERSION, config, dimension, sums, counts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WHAT + " is invalid: " + e.getMessage(), e);
        }
    }
}
