package io.protoflow.serving.telemetry;

/**
 * The share of true outcomes among the last {@code capacity} ones: a ring of bits with a running
 * count. Thread-safe; {@link #rate()} is NaN before the first outcome.
 */
final class SlidingRate {

    private final boolean[] ring;
    private int next;
    private int size;
    private int trues;

    SlidingRate(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        ring = new boolean[capacity];
    }

    synchronized void add(boolean outcome) {
        if (size == ring.length) {
            if (ring[next]) {
                trues--;
            }
        } else {
            size++;
        }
        ring[next] = outcome;
        if (outcome) {
            trues++;
        }
        next = (next + 1) % ring.length;
    }

    synchronized double rate() {
        return size == 0 ? Double.NaN : (double) trues / size;
    }

    synchronized int size() {
        return size;
    }
}
