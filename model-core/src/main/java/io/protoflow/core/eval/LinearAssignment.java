package io.protoflow.core.eval;

import java.util.Arrays;

/**
 * The linear assignment problem solved exactly by the Hungarian method (Kuhn-Munkres with row and
 * column potentials, {@code O(r^2 c)} for {@code r <= c}): pairs rows with distinct columns so that
 * the total cost is minimal. Clustering accuracy uses it to match clusters with classes.
 */
public final class LinearAssignment {

    private LinearAssignment() {}

    /**
     * A minimum-cost assignment of a rectangular cost matrix: when there are no more rows than
     * columns every row gets a distinct column, otherwise every column gets a distinct row and the
     * remaining rows get none.
     *
     * @param cost an {@code r x c} matrix of finite values, {@code r, c >= 0}
     * @return for each row its column, or -1 for an unassigned row
     * @throws IllegalArgumentException if the matrix is null, ragged or holds a non-finite value
     */
    public static int[] minimumCost(double[][] cost) {
        int rows = validate(cost);
        int cols = rows == 0 ? 0 : cost[0].length;
        if (rows == 0 || cols == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        if (rows <= cols) {
            return solve(cost, rows, cols);
        }
        double[][] t = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = cost[i][j];
            }
        }
        int[] colToRow = solve(t, cols, rows);
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        for (int j = 0; j < cols; j++) {
            rowToCol[colToRow[j]] = j;
        }
        return rowToCol;
    }

    /**
     * A maximum-weight assignment: {@link #minimumCost} of the negated weights.
     *
     * @throws IllegalArgumentException as {@link #minimumCost}
     */
    public static int[] maximumWeight(double[][] weight) {
        int rows = validate(weight);
        double[][] cost = new double[rows][];
        for (int i = 0; i < rows; i++) {
            cost[i] = new double[weight[i].length];
            for (int j = 0; j < weight[i].length; j++) {
                cost[i][j] = -weight[i][j];
            }
        }
        return minimumCost(cost);
    }

    private static int validate(double[][] m) {
        if (m == null) {
            throw new IllegalArgumentException("matrix is null");
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != m[0].length) {
                throw new IllegalArgumentException(
                        "matrix row "
                                + i
                                + " has "
                                + (m[i] == null ? "no" : m[i].length)
                                + " columns, row 0 has "
                                + m[0].length);
            }
            for (int j = 0; j < m[i].length; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(
                            "matrix[" + i + "][" + j + "] is " + m[i][j]);
                }
            }
        }
        return m.length;
    }

    /**
     * The shortest-augmenting-path Hungarian method for {@code n <= m}: rows are added one at a
     * time and matched along a path of zero reduced cost, the potentials {@code u, v} keeping every
     * reduced cost {@code a[i][j] - u[i] - v[j]} non-negative. Index 0 is a sentinel column.
     */
    private static int[] solve(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] matchedRow = new int[m + 1];
        int[] previous = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            matchedRow[0] = i;
            int col = 0;
            double[] slack = new double[m + 1];
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            boolean[] visited = new boolean[m + 1];
            do {
                visited[col] = true;
                int row = matchedRow[col];
                double delta = Double.POSITIVE_INFINITY;
                int nextCol = 0;
                for (int j = 1; j <= m; j++) {
                    if (!visited[j]) {
                        double reduced = a[row - 1][j - 1] - u[row] - v[j];
                        if (reduced < slack[j]) {
                            slack[j] = reduced;
                            previous[j] = col;
                        }
                        if (slack[j] < delta) {
                            delta = slack[j];
                            nextCol = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (visited[j]) {
                        u[matchedRow[j]] += delta;
                        v[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                col = nextCol;
            } while (matchedRow[col] != 0);
            // flip the augmenting path back to the sentinel
            do {
                int prev = previous[col];
                matchedRow[col] = matchedRow[prev];
                col = prev;
            } while (col != 0);
        }
        int[] rowToCol = new int[n];
        Arrays.fill(rowToCol, -1);
        for (int j = 1; j <= m; j++) {
            if (matchedRow[j] != 0) {
                rowToCol[matchedRow[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }
}
