package io.protoflow.core.snapshot;

import java.util.Arrays;

/**
 * A shared within-class covariance matrix, as kept by streaming LDA: the biased (maximum
 * likelihood) pooled estimate {@code Sigma = (1/count) sum_x (x - mu_class(x)) (x -
 * mu_class(x))^T}, stored as its upper triangle (diagonal included) row by row, and the shrinkage
 * the learner applies before inverting it. Immutable: the array is copied in and out.
 *
 * @param dimension the matrix dimension d, >= 1
 * @param count the number of examples accumulated, >= 0
 * @param shrinkage the shrinkage towards the scaled identity, in [0, 1]
 * @param packedUpper {@code d(d+1)/2} finite values: row 0 columns 0..d-1, row 1 columns 1..d-1,
 *     ...
 */
public record CovarianceState(int dimension, long count, double shrinkage, double[] packedUpper) {

    public CovarianceState {
        if (dimension < 1) {
            throw new IllegalArgumentException(
                    "covariance dimension must be >= 1, got " + dimension);
        }
        if (count < 0) {
            throw new IllegalArgumentException("covariance count must be >= 0, got " + count);
        }
        if (!(shrinkage >= 0.0 && shrinkage <= 1.0)) {
            throw new IllegalArgumentException(
                    "covariance shrinkage must be in [0, 1], got " + shrinkage);
        }
        if (packedUpper == null) {
            throw new IllegalArgumentException("covariance packedUpper is null");
        }
        long expected = packedLength(dimension);
        if (packedUpper.length != expected) {
            throw new IllegalArgumentException(
                    "covariance packedUpper has "
                            + packedUpper.length
                            + " values, dimension "
                            + dimension
                            + " needs "
                            + expected);
        }
        packedUpper = packedUpper.clone();
        for (int i = 0; i < packedUpper.length; i++) {
            if (!Double.isFinite(packedUpper[i])) {
                throw new IllegalArgumentException(
                        "covariance packedUpper[" + i + "] is " + packedUpper[i]);
            }
        }
    }

    /** The number of values in the packed upper triangle of a {@code d x d} matrix. */
    public static long packedLength(int d) {
        return (long) d * (d + 1) / 2;
    }

    /** A copy of the packed upper triangle. */
    @Override
    public double[] packedUpper() {
        return packedUpper.clone();
    }

    /** The packed value at {@code i}, without copying the array. */
    public double packedUpper(int i) {
        return packedUpper[i];
    }

    /** The entry at row {@code i}, column {@code j} (either triangle). */
    public double get(int i, int j) {
        int r = Math.min(i, j);
        int c = Math.max(i, j);
        return packedUpper[r * dimension - r * (r - 1) / 2 + (c - r)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CovarianceState c
                && dimension == c.dimension
                && count == c.count
                && Double.compare(shrinkage, c.shrinkage) == 0
                && Arrays.equals(packedUpper, c.packedUpper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(packedUpper) * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "CovarianceState[dimension="
                + dimension
                + ", count="
                + count
                + ", shrinkage="
                + shrinkage
                + ", packedUpper="
                + packedUpper.length
                + " values]";
    }
}
