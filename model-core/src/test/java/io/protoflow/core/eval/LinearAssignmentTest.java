package io.protoflow.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    @Test
    void solvesTextbookExample() {
        double[][] cost = {
            {4, 1, 3},
            {2, 0, 5},
            {3, 2, 2}
        };
        // optimum 1 + 2 + 2 = 5: row 0 -> 1, row 1 -> 0, row 2 -> 2
        assertThat(LinearAssignment.minimumCost(cost)).containsExactly(1, 0, 2);
    }

    @Test
    void matchesBruteForceOnRandomSquareAndRectangularMatrices() {
        long seed = 11L;
        Random random = new Random(seed);
        int[][] shapes = {{1, 1}, {2, 2}, {4, 4}, {6, 6}, {3, 6}, {6, 3}, {5, 2}, {2, 7}};
        for (int trial = 0; trial < 40; trial++) {
            for (int[] shape : shapes) {
                double[][] cost = new double[shape[0]][shape[1]];
                for (double[] row : cost) {
                    for (int j = 0; j < row.length; j++) {
                        // small integers force ties, the hard case for augmenting paths
                        row[j] = trial % 2 == 0 ? random.nextInt(5) : random.nextDouble() * 100;
                    }
                }
                int[] assignment = LinearAssignment.minimumCost(cost);
                assertThat(assignment).hasSize(shape[0]);
                Set<Integer> used = new HashSet<>();
                int assigned = 0;
                for (int c : assignment) {
                    if (c >= 0) {
                        assertThat(used.add(c))
                                .as("column %d used twice, seed %d", c, seed)
                                .isTrue();
                        assigned++;
                    }
                }
                assertThat(assigned).isEqualTo(Math.min(shape[0], shape[1]));
                assertThat(total(cost, assignment))
                        .as("trial %d shape %dx%d seed %d", trial, shape[0], shape[1], seed)
                        .isCloseTo(bruteForce(cost), within(1e-9));
            }
        }
    }

    @Test
    void maximumWeightPicksTheHeaviestMatching() {
        double[][] weight = {
            {10, 0},
            {9, 8}
        };
        assertThat(LinearAssignment.maximumWeight(weight)).containsExactly(0, 1);
    }

    @Test
    void emptyAndInvalidMatrices() {
        assertThat(LinearAssignment.minimumCost(new double[0][0])).isEmpty();
        assertThat(LinearAssignment.minimumCost(new double[2][0])).containsExactly(-1, -1);
        assertThatThrownBy(() -> LinearAssignment.minimumCost(new double[][] {{1, 2}, {3}}))
                .hasMessage("matrix row 1 has 1 columns, row 0 has 2");
        assertThatThrownBy(() -> LinearAssignment.minimumCost(new double[][] {{Double.NaN}}))
                .hasMessage("matrix[0][0] is NaN");
    }

    private static double total(double[][] cost, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] >= 0) {
                sum += cost[i][assignment[i]];
            }
        }
        return sum;
    }

    /** The optimum by enumerating injective maps from the smaller side to the larger. */
    private static double bruteForce(double[][] cost) {
        int r = cost.length;
        int c = cost[0].length;
        if (r <= c) {
            return search(cost, 0, new boolean[c], false);
        }
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = cost[i][j];
            }
        }
        return search(t, 0, new boolean[r], false);
    }

    private static double search(double[][] cost, int row, boolean[] used, boolean unused) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + search(cost, row + 1, used, unused));
                used[j] = false;
            }
        }
        return best;
    }
}
