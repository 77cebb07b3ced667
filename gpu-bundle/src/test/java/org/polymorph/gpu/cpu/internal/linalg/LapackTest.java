package org.polymorph.gpu.cpu.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.TOL;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.assertClose;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.identity;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.matrix;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.maxAbs;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.multiply;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** solve, inverse, det, cholesky against reconstructions and a cofactor expansion, float64 at 1e-12. */
class LapackTest {
    private final Random rnd = new Random(42);

    /** Well conditioned: random entries plus n on the diagonal. */
    private double[] wellConditioned(int batch, int n) {
        double[] a = random(rnd, batch * n * n);
        for (int b = 0; b < batch; b++) for (int i = 0; i < n; i++) a[(b * n + i) * n + i] += n;
        return a;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,1,1", "3,2,1", "4,3,1", "2,3,4", "3,5,2", "2,17,3", "1,64,5"})
    void solveSatisfiesAxEqualsB(int batch, int n, int nrhs) {
        double[] a = wellConditioned(batch, n);
        double[] b = random(rnd, batch * n * nrhs);
        double[] x = Lapack.solve(a, b, batch, n, nrhs);
        assertEquals(batch * n * nrhs, x.length);
        for (int i = 0; i < batch; i++) {
            double[][] ax = multiply(matrix(a, i, n, n), matrix(x, i, n, nrhs));
            assertClose(matrix(b, i, n, nrhs), ax, maxAbs(matrix(a, i, n, n)) * maxAbs(matrix(x, i, n, nrhs)) * n, "A x = b");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 9, 40})
    void inverseTimesAIsIdentity(int n) {
        int batch = 3;
        double[] a = wellConditioned(batch, n);
        double[] inv = Lapack.inverse(a, batch, n);
        for (int i = 0; i < batch; i++) {
            double[][] ai = matrix(a, i, n, n);
            double[][] inv_i = matrix(inv, i, n, n);
            double scale = maxAbs(ai) * maxAbs(inv_i) * n;
            assertClose(identity(n), multiply(inv_i, ai), scale, "inv(A) A");
            assertClose(identity(n), multiply(ai, inv_i), scale, "A inv(A)");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void detMatchesCofactorExpansion(int n) {
        int batch = 4;
        double[] a = random(rnd, batch * n * n);
        double[] det = Lapack.det(a, batch, n);
        for (int i = 0; i < batch; i++) {
            double expected = cofactorDet(matrix(a, i, n, n));
            assertEquals(expected, det[i], TOL * Math.max(1, Math.abs(expected)), "det of matrix " + i);
        }
    }

    @Test
    void detOfPermutationHasItsSign() {
        double[] p = {0, 1, 0, 0, 0, 1, 1, 0, 0,   0, 1, 0, 1, 0, 0, 0, 0, 1};   // cyclic (+1), one swap (-1)
        assertArrayEquals(new double[] {1, -1}, Lapack.det(p, 2, 3), 0);
    }

    @Test
    void detOfSingularIsZeroAndEmptyIsOne() {
        double[] a = {1, 2, 2, 4,   0, 0, 0, 0,   2, 0, 0, 3};
        assertArrayEquals(new double[] {0, 0, 6}, Lapack.det(a, 3, 2), TOL);
        assertArrayEquals(new double[] {1, 1}, Lapack.det(new double[0], 2, 0), 0);
        assertEquals(0, Lapack.det(new double[0], 0, 3).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 30})
    void choleskyReconstructsAndIgnoresUpperTriangle(int n) {
        int batch = 3;
        double[] sym = new double[batch * n * n];
        double[] a = LinalgChecks.symmetricLowerOnly(rnd, batch, n, n + 1.0, sym);
        double[] l = Lapack.cholesky(a, batch, n);
        for (int i = 0; i < batch; i++) {
            double[][] li = matrix(l, i, n, n);
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) assertEquals(0.0, li[r][c], "L above the diagonal");
                assertTrue(li[r][r] > 0, "positive diagonal");
            }
            assertClose(matrix(sym, i, n, n), multiply(li, LinalgChecks.transpose(li)), maxAbs(matrix(sym, i, n, n)), "L L^T");
        }
    }

    @Test
    void choleskyOfIndefiniteMatrixNamesTheBatchIndex() {
        double[] a = {4, 0, 0, 9,   1, 0, 0, -1};
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Lapack.cholesky(a, 2, 2));
        assertTrue(e.getMessage().contains("cholesky") && e.getMessage().contains("batch index 1"), e.getMessage());
    }

    @Test
    void singularSolveAndInverseNameTheBatchIndex() {
        double[] a = {2, 0, 0, 2,   1, 0, 0, 1,   1, 2, 2, 4};
        ArithmeticException s = assertThrows(ArithmeticException.class, () -> Lapack.solve(a, new double[6], 3, 2, 1));
        assertTrue(s.getMessage().contains("solve") && s.getMessage().contains("batch index 2"), s.getMessage());
        ArithmeticException i = assertThrows(ArithmeticException.class, () -> Lapack.inverse(a, 3, 2));
        assertTrue(i.getMessage().contains("inverse") && i.getMessage().contains("batch index 2"), i.getMessage());
    }

    @Test
    void nonFiniteMatrixGivesNaNAndLeavesOthersAlone() {
        double[] a = {2, 0, 0, 4,   Double.NaN, 0, 0, 1};
        double[] x = Lapack.solve(a, new double[] {2, 4, 1, 1}, 2, 2, 1);
        assertArrayEquals(new double[] {1, 1}, new double[] {x[0], x[1]}, TOL);
        assertTrue(Double.isNaN(x[2]) && Double.isNaN(x[3]));
        assertTrue(Double.isNaN(Lapack.det(a, 2, 2)[1]));
        assertTrue(Double.isNaN(Lapack.inverse(a, 2, 2)[7]));
        assertEquals(0.25, Lapack.inverse(a, 2, 2)[3], TOL);
    }

    @Test
    void emptyBatchesAndBadLengths() {
        assertEquals(0, Lapack.solve(new double[0], new double[0], 0, 3, 2).length);
        assertEquals(0, Lapack.inverse(new double[0], 0, 3).length);
        assertEquals(0, Lapack.cholesky(new double[0], 0, 3).length);
        assertEquals(0, Lapack.solve(new double[0], new double[0], 4, 0, 1).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lapack.inverse(new double[8], 1, 3));
        assertTrue(e.getMessage().contains("inverse") && e.getMessage().contains("8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lapack.solve(new double[4], new double[3], 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Lapack.det(new double[4], -1, 2));
    }

    @Test
    void inputsAreNotMutated() {
        double[] a = wellConditioned(2, 3);
        double[] copy = a.clone();
        Lapack.inverse(a, 2, 3);
        Lapack.det(a, 2, 3);
        Lapack.solve(a, new double[6], 2, 3, 1);
        Lapack.svd(a, 2, 3, 3);
        Lapack.qr(a, 2, 3, 3);
        assertArrayEquals(copy, a, 0);
    }

    /** Laplace expansion along the first row: independent of LU. */
    static double cofactorDet(double[][] m) {
        int n = m.length;
        if (n == 1) return m[0][0];
        double d = 0;
        for (int c = 0; c < n; c++) {
            double[][] minor = new double[n - 1][n - 1];
            for (int i = 1; i < n; i++) {
                for (int j = 0, k = 0; j < n; j++) if (j != c) minor[i - 1][k++] = m[i][j];
            }
            d += (c % 2 == 0 ? 1 : -1) * m[0][c] * cofactorDet(minor);
        }
        return d;
    }
}
