package org.polymorph.gpu.cpu.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** Naive dense helpers for the kernel tests: random batches, products, norms, tolerance checks. */
final class LinalgChecks {
    static final double TOL = 1e-12;

    private LinalgChecks() { }

    static double[] random(Random rnd, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rnd.nextDouble() * 2 - 1;
        return x;
    }

    /** Matrix b of a row-major batch of [rows, cols] matrices. */
    static double[][] matrix(double[] data, int b, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m[i][j] = data[(b * rows + i) * cols + j];
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = k == 0 ? 0 : b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i][p] * b[p][j];
                c[i][j] = s;
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        int n = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[n][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < n; j++) t[j][i] = a[i][j];
        return t;
    }

    static double[][] identity(int n) {
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) e[i][i] = 1;
        return e;
    }

    static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) for (double v : row) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Asserts |actual - expected| <= TOL * scale entrywise (scale >= 1 guards tiny entries). */
    static void assertClose(double[][] expected, double[][] actual, double scale, String what) {
        double s = Math.max(1.0, scale);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        assertTrue(worst <= TOL * s, what + ": max error " + worst + " > " + TOL + " * " + s);
    }

    /** Symmetric matrices (A + A^T)/2, with the strictly upper triangle then overwritten by junk. */
    static double[] symmetricLowerOnly(Random rnd, int batch, int n, double shift, double[] sym) {
        double[] a = new double[batch * n * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = rnd.nextDouble() * 2 - 1 + (i == j ? shift : 0);
                    sym[(b * n + i) * n + j] = v;
                    sym[(b * n + j) * n + i] = v;
                    a[(b * n + i) * n + j] = v;
                    if (i != j) a[(b * n + j) * n + i] = 1e3 + i;   // must be ignored
                }
            }
        }
        return a;
    }
}
