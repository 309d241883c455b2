package io.protoflow.core.snapshot;

import java.util.Arrays;

/**
 * One prototype of a class: a point in feature space and the weight of evidence behind it (for a
 * class mean, the number of examples averaged). Immutable: the mean is copied in and out.
 *
 * @param weight the weight, finite and >= 0
 * @param mean the prototype's coordinates, finite, at least one
 */
public record PrototypeState(double weight, double[] mean) {

    public PrototypeState {
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
        }
        if (mean == null) {
            throw new IllegalArgumentException("mean is null");
        }
        if (mean.length == 0) {
            throw new IllegalArgumentException("mean is empty");
        }
        mean = mean.clone();
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] is " + mean[i]);
            }
        }
    }

    /** A copy of the prototype's coordinates. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** The number of coordinates. */
    public int dimension() {
        return mean.length;
    }

    /** The coordinate at {@code i}, without copying the array. */
    public double mean(int i) {
        return mean[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrototypeState p
                && Double.compare(weight, p.weight) == 0
                && Arrays.equals(mean, p.mean);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(weight) + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "PrototypeState[weight=" + weight + ", mean=" + Arrays.toString(mean) + "]";
    }
}
