package org.polymorph.gpu.cuda.internal;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dorgqr;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The column-major argument choices of {@link CusolverLinalg}, checked on the CPU: cuSOLVER's dense
 * routines take LAPACK's arguments with LAPACK's meaning, so each cuSOLVER call of CusolverLinalg is
 * made here as the same LAPACKE column-major call (same sizes, leading dimensions, uplo and trans
 * flags) on the same row-major memory, its output read back the way CusolverLinalg reads it (the
 * strided copies and transposes), and the result checked in float64 against its definition:
 * a x = b, a inv(a) = I, L L^T = a, A v = w v, Q R = A, U S Vt = A.
 */
class CusolverLayoutTest {
    private static final int COL = 102;   // LAPACK_COL_MAJOR

    private static double[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    /** Row-major [rows, cols] -> row-major [cols, rows]. */
    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }

    /** Row-major product [m, k] x [k, n]. */
    private static double[] mul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
            c[i * n + j] = s;
        }
        return c;
    }

    private static void close(String label, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, label + ": length");
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol, label + ": element " + i);
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }

    private static double[] wellConditioned(long seed, int n) {
        double[] a = random(seed, n * n);
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        return a;
    }

    @Test
    void solveAndInverse() {
        int n = 5;
        int nrhs = 3;
        double[] a = wellConditioned(1, n);
        double[] b = random(2, n * nrhs);
        // solve: getrf on the row-major memory (a^T column-major), getrs('T') on b transposed (b column-major)
        double[] lu = a.clone();
        int[] ipiv = new int[n];
        assertEquals(0, LAPACKE_dgetrf(COL, n, n, lu, n, ipiv));
        double[] x = transpose(b, n, nrhs);
        assertEquals(0, LAPACKE_dgetrs(COL, (byte) 'T', n, nrhs, lu, n, ipiv, x, n));
        close("a x = b", b, mul(a, transpose(x, nrhs, n), n, n, nrhs), 1e-13);
        // inverse: getrs('N') on the identity, read row-major as it is
        double[] inv = identity(n);
        assertEquals(0, LAPACKE_dgetrs(COL, (byte) 'N', n, n, lu, n, ipiv, inv, n));
        close("a inv(a) = I", identity(n), mul(a, inv, n, n, n), 1e-13);
        // det: the product of the stored diagonal (stride n + 1), negated per interchange of the 1-based ipiv
        double[] c = new double[] {0, 1, 0, 1, 3, 1, 2, 2, 4};   // det = 0(12 - 2) - 1(4 - 2) + 0 = -2; needs a pivot
        int[] p3 = new int[3];
        assertEquals(0, LAPACKE_dgetrf(COL, 3, 3, c, 3, p3));
        double d3 = 1;
        for (int j = 0; j < 3; j++) {
            d3 *= c[j * 4];
            if (p3[j] != j + 1) d3 = -d3;
        }
        assertEquals(-2, d3, 1e-13);
    }

    @Test
    void choleskyFromTheLowerTriangle() {
        int n = 4;
        double[] g = random(3, n * n);
        double[] spd = mul(g, transpose(g, n, n), n, n, n);
        for (int i = 0; i < n; i++) spd[i * n + i] += n;
        double[] a = spd.clone();
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[i * n + j] = 99;   // the upper triangle is not read
        double[] u = a.clone();
        assertEquals(0, LAPACKE_dpotrf(COL, (byte) 'U', n, u, n));
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) u[i * n + j] = 0;   // the lower mask
        close("L L^T = a", spd, mul(u, transpose(u, n, n), n, n, n), 1e-12);
    }

    @Test
    void eighFromTheLowerTriangle() {
        int n = 5;
        double[] g = random(4, n * n);
        double[] sym = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sym[i * n + j] = g[Math.max(i, j) * n + Math.min(i, j)];
        double[] a = sym.clone();
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) a[i * n + j] = 99;
        double[] w = new double[n];
        assertEquals(0, LAPACKE_dsyevd(COL, (byte) 'V', (byte) 'U', n, a, n, w));
        double[] v = transpose(a, n, n);   // swapLast: eigenvector j into column j
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int l = 0; l < n; l++) av += sym[i * n + l] * v[l * n + j];
                assertEquals(w[j] * v[i * n + j], av, 1e-13, "A v = w v, vector " + j);
            }
        }
        for (int j = 1; j < n; j++) assertEquals(true, w[j - 1] <= w[j], "ascending");
    }

    @Test
    void qrOfTallAndWide() {
        for (int[] mn : new int[][] {{6, 4}, {4, 6}, {5, 5}}) {
            int m = mn[0];
            int n = mn[1];
            int k = Math.min(m, n);
            double[] a = random(5 + m * 7 + n, m * n);
            double[] f = transpose(a, m, n);   // swapLast: a column-major, leading dimension m
            double[] tau = new double[k];
            assertEquals(0, LAPACKE_dgeqrf(COL, m, n, f, m, tau));
            double[] r = new double[k * n];
            for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) r[i * n + j] = j >= i ? f[i + j * m] : 0;   // strides {1, m}, upper mask
            assertEquals(0, LAPACKE_dorgqr(COL, m, k, k, f, m, tau));
            double[] q = new double[m * k];
            for (int i = 0; i < m; i++) for (int c = 0; c < k; c++) q[i * k + c] = f[i + c * m];
            close("Q R = A " + m + "x" + n, a, mul(q, r, m, k, n), 1e-13);
            close("Q^T Q = I " + m + "x" + n, identity(k), mul(transpose(q, m, k), q, k, m, k), 1e-13);
        }
    }

    @Test
    void svdOfTallAndWide() {
        for (int[] mn : new int[][] {{6, 4}, {4, 6}, {5, 5}}) {
            int m = mn[0];
            int n = mn[1];
            int k = Math.min(m, n);
            double[] a = random(6 + m * 7 + n, m * n);
            boolean wide = n >= m;
            int rows = wide ? n : m;
            int cols = wide ? m : n;
            double[] x = wide ? a.clone() : transpose(a, m, n);
            double[] s = new double[k];
            double[] uBuf = new double[k * rows];
            double[] vBuf = new double[cols * k];
            assertEquals(0, LAPACKE_dgesvd(COL, (byte) 'S', (byte) 'S', rows, cols, x, rows, s, uBuf, rows, vBuf, k, new double[k]));
            double[] u = wide ? vBuf : transpose(uBuf, k, m);
            double[] vt = wide ? uBuf : transpose(vBuf, n, k);
            double[] us = new double[m * k];
            for (int i = 0; i < m; i++) for (int c = 0; c < k; c++) us[i * k + c] = u[i * k + c] * s[c];
            close("U S Vt = A " + m + "x" + n, a, mul(us, vt, m, k, n), 1e-13);
            close("U^T U = I " + m + "x" + n, identity(k), mul(transpose(u, m, k), u, k, m, k), 1e-13);
            close("Vt V = I " + m + "x" + n, identity(k), mul(vt, transpose(vt, k, n), k, n, k), 1e-13);
            for (int c = 1; c < k; c++) assertEquals(true, s[c - 1] >= s[c], "descending");
        }
    }
}
