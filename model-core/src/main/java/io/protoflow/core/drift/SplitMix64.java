package io.protoflow.core.drift;

/**
 * A tiny seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64) whose whole state is
 * one {@code long}, so that detectors that sample can put their random state in a snapshot and
 * continue the same sequence after a restore ({@code java.util.Random} does not expose its state).
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long state) {
        this.state = state;
    }

    /** The current state; {@code new SplitMix64(state())} continues the same sequence. */
    long state() {
        return state;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be >= 1, got " + bound);
        }
        while (true) {
            long r = nextLong() >>> 1;
            long m = r % bound;
            // reject the incomplete last block of 63-bit values so every residue is equally likely
            if (r - m + (bound - 1) >= 0) {
                return (int) m;
            }
        }
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
