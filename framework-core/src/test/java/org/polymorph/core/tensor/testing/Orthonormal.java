package org.polymorph.core.tensor.testing;

/** Completes orthonormal column sets (for the null-space columns of a rank-deficient SVD). */
final class Orthonormal {
    private Orthonormal() { }

    /**
     * Replaces column {@code c} of {@code u} [rows][cols] by a unit vector orthogonal to columns
     * 0..c-1: the standard basis vector with the largest component left after two rounds of
     * modified Gram-Schmidt against them.
     */
    static void complete(double[][] u, int c) {
        int rows = u.length;
        double[] best = null;
        double bestNorm = -1;
        for (int e = 0; e < rows; e++) {
            double[] x = new double[rows];
            x[e] = 1;
            for (int round = 0; round < 2; round++) {
                for (int j = 0; j < c; j++) {
                    double d = 0;
                    for (int i = 0; i < rows; i++) d += u[i][j] * x[i];
                    for (int i = 0; i < rows; i++) x[i] -= d * u[i][j];
                }
            }
            double nn = 0;
            for (double xi : x) nn += xi * xi;
            if (nn > bestNorm) {
                bestNorm = nn;
                best = x;
            }
        }
        double norm = Math.sqrt(bestNorm);
        for (int i = 0; i < rows; i++) u[i][c] = best[i] / norm;
    }
}
