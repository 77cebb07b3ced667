package org.polymorph.materials.internal.matching;

import java.util.Arrays;

/**
 * The linear sum assignment of least total cost: each of n rows to a distinct one of m ≥ n columns, by the
 * Hungarian method with potentials (Kuhn 1955, Munkres 1957; the O(n²m) shortest augmenting path form of
 * Jonker and Volgenant, Computing 38, 325 (1987)).
 */
final class Assignment {
    private Assignment() { }

    /** The column of each row [n] minimising the summed cost[row][column]; cost is n x m with n ≤ m, finite. */
    static int[] solve(double[][] cost) {
        int n = cost.length, m = cost[0].length;
        if (n > m) throw new IllegalArgumentException("assignment: " + n + " rows but only " + m + " columns");
        double[] u = new double[n + 1], v = new double[m + 1];
        int[] rowOfCol = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= m; j++) if (rowOfCol[j] != 0) colOfRow[rowOfCol[j] - 1] = j - 1;
        return colOfRow;
    }
}
