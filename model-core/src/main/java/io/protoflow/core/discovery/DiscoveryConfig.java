package io.protoflow.core.discovery;

import java.util.Locale;

/**
 * Parameters of a {@link NovelClassDetector}. Distances are relative to the known classes' spread
 * ({@link KnownClasses#spread()}, the root mean squared distance of a known-class example to its
 * own class prototype), so one configuration serves raw pixels, normalised vectors and projected
 * features alike.
 *
 * @param bufferCapacity the most OOD records kept, >= 1
 * @param eviction which record makes room when the buffer is full
 * @param seed the seed of every random choice (the reservoir's replacement draws)
 * @param newClusterDistance a record farther than {@code newClusterDistance * spread} from every
 *     cluster centre opens a new cluster (DP-means: {@code lambda = (newClusterDistance *
 *     spread)^2}), > 0
 * @param mergeDistance two clusters whose centres are closer than {@code mergeDistance * spread}
 *     merge, >= 0 and < {@code newClusterDistance}
 * @param maxCompactness a candidate's root mean squared member-to-centre distance is at most {@code
 *     maxCompactness * spread}, > 0
 * @param minSeparation a candidate's centre is at least {@code minSeparation * spread} from every
 *     known prototype, >= 0
 * @param minSupport a candidate has at least this many buffered members, in [1, bufferCapacity]
 * @param memberSampleSize the most member ids a candidate record lists (those nearest its centre),
 *     >= 1
 * @param refitInterval records between two batch DP-means refits of the whole buffer, >= 1
 * @param refitPasses assignment passes per refit, >= 1
 * @param minLabels labelled members a candidate needs before it is promoted to a class, >= 1
 * @param refitMethod how a refit partitions the buffer, default {@link RefitMethod#GREEDY} (why:
 *     {@link RefitMethod#GLOBAL})
 */
public record DiscoveryConfig(
        int bufferCapacity,
        Eviction eviction,
        long seed,
        double newClusterDistance,
        double mergeDistance,
        double maxCompactness,
        double minSeparation,
        int minSupport,
        int memberSampleSize,
        int refitInterval,
        int refitPasses,
        int minLabels,
        RefitMethod refitMethod) {

    /** How a full buffer makes room for a new record. */
    public enum Eviction {
        /**
         * The record that arrived first leaves: the buffer holds the most recent records, so
         * clusters follow what the stream shows now and a class that stops arriving fades out.
         */
        OLDEST,
        /**
         * Seeded reservoir sampling (Vitter's algorithm R): the buffer is a uniform sample of all
         * records seen, so a rare class keeps its members in a long stream; the n-th record
         * replaces a random slot with probability {@code capacity / n}.
         */
        RESERVOIR;

        /** The lower-case name used on command lines, e.g. {@code "oldest"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a refit partitions the buffered records. */
    public enum RefitMethod {
        /**
         * Batch DP-means passes starting from the current clusters: a record farther than the
         * new-cluster distance from every centre opens a cluster, so records between two classes
         * can chain them into one (the only method of discovery-state format 1).
         */
        GREEDY,
        /**
         * The same DP-means objective minimised globally by {@link DpMeansSearch} (k-means for k =
         * 1, 2, ... with seeded k-means++ starts, the cheapest k wins); clusters keep their
         * identity through the member overlap. On the digits discovery protocol (tuning draws,
         * bench/RESULTS.md) clustering accuracy rose from 0.60 to 0.67, and from 0.25 to 0.63 when
         * every held-out record reaches the detector. Not the default: k-means carves diffuse noise
         * into compact chunks that pass the candidate bounds (uniform noise 1.5 spreads wide raises
         * dozens of candidates where the greedy refit raises none), so it wants an OOD rule that
         * routes little noise. Costs {@code O(K^2 passes n d)} per refit, K the most clusters tried
         * ({@code n / minSupport}, at most 24).
         */
        GLOBAL;

        /** The lower-case name used on command lines, e.g. {@code "global"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Default {@link #bufferCapacity()}. */
    public static final int DEFAULT_BUFFER_CAPACITY = 1000;

    /** Default {@link #newClusterDistance()}. */
    public static final double DEFAULT_NEW_CLUSTER_DISTANCE = 2.0;

    /** Default {@link #mergeDistance()}. */
    public static final double DEFAULT_MERGE_DISTANCE = 1.0;

    /** Default {@link #maxCompactness()}. */
    public static final double DEFAULT_MAX_COMPACTNESS = 1.25;

    /** Default {@link #minSeparation()}. */
    public static final double DEFAULT_MIN_SEPARATION = 1.0;

    /** Default {@link #minSupport()}. */
    public static final int DEFAULT_MIN_SUPPORT = 20;

    public DiscoveryConfig {
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException(
                    "bufferCapacity must be >= 1, got " + bufferCapacity);
        }
        if (eviction == null) {
            throw new IllegalArgumentException("eviction is null");
        }
        if (!(newClusterDistance > 0.0) || Double.isInfinite(newClusterDistance)) {
            throw new IllegalArgumentException(
                    "newClusterDistance must be finite and > 0, got " + newClusterDistance);
        }
        if (!(mergeDistance >= 0.0) || !(mergeDistance < newClusterDistance)) {
            throw new IllegalArgumentException(
                    "mergeDistance must be >= 0 and < newClusterDistance ("
                            + newClusterDistance
                            + "), got "
                            + mergeDistance);
        }
        if (!(maxCompactness > 0.0) || Double.isInfinite(maxCompactness)) {
            throw new IllegalArgumentException(
                    "maxCompactness must be finite and > 0, got " + maxCompactness);
        }
        if (!(minSeparation >= 0.0) || Double.isInfinite(minSeparation)) {
            throw new IllegalArgumentException(
                    "minSeparation must be finite and >= 0, got " + minSeparation);
        }
        if (minSupport < 1 || minSupport > bufferCapacity) {
            throw new IllegalArgumentException(
                    "minSupport must be in [1, bufferCapacity = "
                            + bufferCapacity
                            + "], got "
                            + minSupport);
        }
        if (memberSampleSize < 1) {
            throw new IllegalArgumentException(
                    "memberSampleSize must be >= 1, got " + memberSampleSize);
        }
        if (refitInterval < 1) {
            throw new IllegalArgumentException("refitInterval must be >= 1, got " + refitInterval);
        }
        if (refitPasses < 1) {
            throw new IllegalArgumentException("refitPasses must be >= 1, got " + refitPasses);
        }
        if (minLabels < 1) {
            throw new IllegalArgumentException("minLabels must be >= 1, got " + minLabels);
        }
        if (refitMethod == null) {
            throw new IllegalArgumentException("refitMethod is null");
        }
    }

    /**
     * The defaults: 1000 records, oldest evicted, seed 42, new cluster beyond 2 spreads, merge
     * below 1 spread, candidates at most 1.25 spreads wide, at least 1 spread from every known
     * prototype and 20 members strong, 20 member ids per candidate, a 3-pass refit every 100
     * records by greedy DP-means, promotion on the first label.
     */
    public static DiscoveryConfig defaults() {
        return new DiscoveryConfig(
                DEFAULT_BUFFER_CAPACITY,
                Eviction.OLDEST,
                42L,
                DEFAULT_NEW_CLUSTER_DISTANCE,
                DEFAULT_MERGE_DISTANCE,
                DEFAULT_MAX_COMPACTNESS,
                DEFAULT_MIN_SEPARATION,
                DEFAULT_MIN_SUPPORT,
                20,
                100,
                3,
                1,
                RefitMethod.GREEDY);
    }

    /** This configuration with another {@link #bufferCapacity()}. */
    public DiscoveryConfig withBufferCapacity(int value) {
        return new DiscoveryConfig(
                value,
                eviction,
                seed,
                newClusterDistance,
                mergeDistance,
                maxCompactness,
                minSeparation,
                minSupport,
                memberSampleSize,
                refitInterval,
                refitPasses,
                minLabels,
                refitMethod);
    }

    /** This configuration with another {@link #eviction()} and {@link #seed()}. */
    public DiscoveryConfig withEviction(Eviction value, long newSeed) {
        return new DiscoveryConfig(
                bufferCapacity,
                value,
                newSeed,
                newClusterDistance,
                mergeDistance,
                maxCompactness,
                minSeparation,
                minSupport,
                memberSampleSize,
                refitInterval,
                refitPasses,
                minLabels,
                refitMethod);
    }

    /** This configuration with other clustering distances (relative to the spread). */
    public DiscoveryConfig withDistances(double newCluster, double merge) {
        return new DiscoveryConfig(
                bufferCapacity,
                eviction,
                seed,
                newCluster,
                merge,
                maxCompactness,
                minSeparation,
                minSupport,
                memberSampleSize,
                refitInterval,
                refitPasses,
                minLabels,
                refitMethod);
    }

    /** This configuration with other candidate bounds. */
    public DiscoveryConfig withCandidateBounds(double compactness, double separation, int support) {
        return new DiscoveryConfig(
                bufferCapacity,
                eviction,
                seed,
                newClusterDistance,
                mergeDistance,
                compactness,
                separation,
                support,
                memberSampleSize,
                refitInterval,
                refitPasses,
                minLabels,
                refitMethod);
    }

    /** This configuration with another refit schedule. */
    public DiscoveryConfig withRefit(int interval, int passes) {
        return new DiscoveryConfig(
                bufferCapacity,
                eviction,
                seed,
                newClusterDistance,
                mergeDistance,
                maxCompactness,
                minSeparation,
                minSupport,
                memberSampleSize,
                interval,
                passes,
                minLabels,
                refitMethod);
    }

    /** This configuration with another {@link #memberSampleSize()} and {@link #minLabels()}. */
    public DiscoveryConfig withReporting(int sampleSize, int labels) {
        return new DiscoveryConfig(
                bufferCapacity,
                eviction,
                seed,
                newClusterDistance,
                mergeDistance,
                maxCompactness,
                minSeparation,
                minSupport,
                sampleSize,
                refitInterval,
                refitPasses,
                labels,
                refitMethod);
    }

    /** This configuration with another {@link #refitMethod()}. */
    public DiscoveryConfig withRefitMethod(RefitMethod value) {
        return new DiscoveryConfig(
                bufferCapacity,
                eviction,
                seed,
                newClusterDistance,
                mergeDistance,
                maxCompactness,
                minSeparation,
                minSupport,
                memberSampleSize,
                refitInterval,
                refitPasses,
                minLabels,
                value);
    }
}
