package io.protoflow.core.discovery;

import io.protoflow.core.snapshot.ClassState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The complete state of a {@link NovelClassDetector} as an immutable, versioned value, for Flink
 * state and files: {@link NovelClassDetector#restore} rebuilds a detector that continues exactly as
 * the one that took the snapshot (same clusters, same candidate ids, same reservoir draws).
 *
 * @param version the format version, 1..{@link #CURRENT_VERSION}
 * @param config the configuration
 * @param known the known classes last handed to the detector
 * @param promoted classes promoted since, not yet in {@code known} (one prototype each)
 * @param buffer the buffered records in buffer order
 * @param clusters the clusters in creation order
 * @param nextClusterId the id the next new cluster takes
 * @param candidatesEmitted the number of candidates emitted so far (the next is numbered one more)
 * @param recordsSeen the records offered so far (the reservoir's {@code n})
 * @param sinceRefit records added since the last refit
 */
public record DiscoveryState(
        int version,
        DiscoveryConfig config,
        KnownClasses known,
        List<ClassState> promoted,
        List<BufferedRecord> buffer,
        List<ClusterState> clusters,
        long nextClusterId,
        long candidatesEmitted,
        long recordsSeen,
        int sinceRefit) {

    /** The newest format version this build writes and reads. */
    public static final int CURRENT_VERSION = 2;

    public DiscoveryState {
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException(
                    "unknown version " + version + ", this build reads up to " + CURRENT_VERSION);
        }
        if (config == null || known == null) {
            throw new IllegalArgumentException("config and known must not be null");
        }
        if (version == 1 && config.refitMethod() != DiscoveryConfig.RefitMethod.GREEDY) {
            throw new IllegalArgumentException(
                    "version 1 knows only refitMethod GREEDY, got " + config.refitMethod());
        }
        promoted = List.copyOf(promoted);
        buffer = List.copyOf(buffer);
        clusters = List.copyOf(clusters);
        if (buffer.size() > config.bufferCapacity()) {
            throw new IllegalArgumentException(
                    "buffer holds "
                            + buffer.size()
                            + " records, bufferCapacity is "
                            + config.bufferCapacity());
        }
        Set<Long> clusterIds = new HashSet<>();
        for (ClusterState c : clusters) {
            if (c.id() >= nextClusterId || !clusterIds.add(c.id())) {
                throw new IllegalArgumentException(
                        "cluster id " + c.id() + " is duplicate or not below " + nextClusterId);
            }
            if (c.sum().length != known.dimension()) {
                throw new IllegalArgumentException(
                        "cluster "
                                + c.id()
                                + " has dimension "
                                + c.sum().length
                                + ", known classes have "
                                + known.dimension());
            }
        }
        Set<String> ids = new HashSet<>();
        for (BufferedRecord r : buffer) {
            if (!ids.add(r.exampleId())) {
                throw new IllegalArgumentException(
                        "buffer holds example '" + r.exampleId() + "' twice");
            }
            if (!clusterIds.contains(r.clusterId())) {
                throw new IllegalArgumentException(
                        "example '" + r.exampleId() + "' is in unknown cluster " + r.clusterId());
            }
            if (r.features().length != known.dimension()) {
                throw new IllegalArgumentException(
                        "example '"
                                + r.exampleId()
                                + "' has dimension "
                                + r.features().length
                                + ", known classes have "
                                + known.dimension());
            }
        }
        if (candidatesEmitted < 0 || recordsSeen < 0 || sinceRefit < 0) {
            throw new IllegalArgumentException(
                    "counters must be >= 0, got candidatesEmitted "
                            + candidatesEmitted
                            + ", recordsSeen "
                            + recordsSeen
                            + ", sinceRefit "
                            + sinceRefit);
        }
    }

    /**
     * One buffered OOD record and where it stands.
     *
     * @param exampleId the example id
     * @param features the features (copied)
     * @param eventTime the event time
     * @param clusterId the cluster the record belongs to
     * @param label the label that arrived for it, or null
     */
    public record BufferedRecord(
            String exampleId, float[] features, long eventTime, long clusterId, String label) {

        public BufferedRecord {
            if (exampleId == null || exampleId.isBlank()) {
                throw new IllegalArgumentException("exampleId is blank: '" + exampleId + "'");
            }
            features = features.clone();
        }

        /** A copy of the features. */
        @Override
        public float[] features() {
            return features.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BufferedRecord r
                    && exampleId.equals(r.exampleId)
                    && Arrays.equals(features, r.features)
                    && eventTime == r.eventTime
                    && clusterId == r.clusterId
                    && Objects.equals(label, r.label);
        }

        @Override
        public int hashCode() {
            return (exampleId.hashCode() * 31 + Arrays.hashCode(features)) * 31
                    + Long.hashCode(clusterId);
        }

        @Override
        public String toString() {
            return "BufferedRecord[exampleId="
                    + exampleId
                    + ", clusterId="
                    + clusterId
                    + ", label="
                    + label
                    + "]";
        }
    }

    /**
     * One cluster's identity and sufficient statistics (kept, not recomputed, so a restored
     * detector continues bit for bit).
     *
     * @param id the cluster id
     * @param candidateId the id under which the cluster was emitted as a candidate, or null
     * @param sum the sum of the members' features (copied)
     * @param sumSquares the sum of the members' squared norms
     * @param count the number of members, >= 1
     */
    public record ClusterState(
            long id, String candidateId, double[] sum, double sumSquares, int count) {

        public ClusterState {
            if (count < 1) {
                throw new IllegalArgumentException(
                        "cluster " + id + " count must be >= 1, got " + count);
            }
            sum = sum.clone();
        }

        /** A copy of the feature sum. */
        @Override
        public double[] sum() {
            return sum.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClusterState c
                    && id == c.id
                    && Objects.equals(candidateId, c.candidateId)
                    && Arrays.equals(sum, c.sum)
                    && Double.compare(sumSquares, c.sumSquares) == 0
                    && count == c.count;
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(id) * 31 + Arrays.hashCode(sum)) * 31 + count;
        }

        @Override
        public String toString() {
            return "ClusterState[id="
                    + id
                    + ", candidateId="
                    + candidateId
                    + ", count="
                    + count
                    + "]";
        }
    }
}
