package org.polymorph.gpu.cpu.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.assertClose;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.identity;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.matrix;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.maxAbs;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.multiply;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.random;
import static org.polymorph.gpu.cpu.internal.linalg.LinalgChecks.transpose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** eigh, QR and SVD checked by reconstruction and orthogonality, float64 at 1e-12. */
class DecomposeTest {
    private final Random rnd = new Random(7);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7, 33})
    void eighSatisfiesAVEqualsVDiagW(int n) {
        int batch = 3;
        double[] sym = new double[batch * n * n];
        double[] a = LinalgChecks.symmetricLowerOnly(rnd, batch, n, 0.0, sym);
        Lapack.Eigh e = Lapack.eigh(a, batch, n);
        assertEquals(batch * n, e.values().length);
        for (int i = 0; i < batch; i++) {
            double[][] s = matrix(sym, i, n, n);
            double[][] v = matrix(e.vectors(), i, n, n);
            double[][] vw = new double[n][n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) vw[r][c] = v[r][c] * e.values()[i * n + c];
            }
            for (int c = 1; c < n; c++) assertTrue(e.values()[i * n + c - 1] <= e.values()[i * n + c], "ascending");
            assertClose(vw, multiply(s, v), maxAbs(s) * n, "A V = V diag(w)");
            assertClose(identity(n), multiply(transpose(v), v), n, "V^T V = I");
        }
    }

    @Test
    void eighOfDiagonalMatrixSortsValues() {
        Lapack.Eigh e = Lapack.eigh(new double[] {3, 0, 0, 0, -1, 0, 0, 0, 2}, 1, 3);
        assertEquals(-1, e.values()[0], 1e-15);
        assertEquals(2, e.values()[1], 1e-15);
        assertEquals(3, e.values()[2], 1e-15);
        assertEquals(1, Math.abs(e.vectors()[1 * 3 + 0]), 1e-15);   // column 0 is +-e1
    }

    @ParameterizedTest
    @CsvSource({"1,1", "4,4", "5,3", "3,5", "6,1", "1,6", "20,7", "7,20"})
    void qrReconstructsWithOrthonormalQAndUpperR(int m, int n) {
        int batch = 3;
        int k = Math.min(m, n);
        double[] a = random(rnd, batch * m * n);
        Lapack.Qr qr = Lapack.qr(a, batch, m, n);
        assertEquals(batch * m * k, qr.q().length);
        assertEquals(batch * k * n, qr.r().length);
        for (int i = 0; i < batch; i++) {
            double[][] q = matrix(qr.q(), i, m, k);
            double[][] r = matrix(qr.r(), i, k, n);
            for (int row = 0; row < k; row++) for (int c = 0; c < Math.min(row, n); c++) assertEquals(0.0, r[row][c], "R below diagonal");
            assertClose(matrix(a, i, m, n), multiply(q, r), maxAbs(matrix(a, i, m, n)) * k, "A = Q R");
            assertClose(identity(k), multiply(transpose(q), q), m, "Q^T Q = I");
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,3", "5,3", "3,5", "6,1", "1,6", "25,9", "9,25"})
    void svdReconstructsWithOrthonormalFactors(int m, int n) {
        int batch = 3;
        int k = Math.min(m, n);
        double[] a = random(rnd, batch * m * n);
        Lapack.Svd svd = Lapack.svd(a, batch, m, n);
        assertEquals(batch * m * k, svd.u().length);
        assertEquals(batch * k, svd.s().length);
        assertEquals(batch * k * n, svd.vt().length);
        for (int i = 0; i < batch; i++) {
            double[][] u = matrix(svd.u(), i, m, k);
            double[][] vt = matrix(svd.vt(), i, k, n);
            double[][] us = new double[m][k];
            for (int c = 0; c < k; c++) {
                double s = svd.s()[i * k + c];
                assertTrue(s >= 0 && (c == 0 || svd.s()[i * k + c - 1] >= s), "s descending and >= 0");
                for (int r = 0; r < m; r++) us[r][c] = u[r][c] * s;
            }
            assertClose(matrix(a, i, m, n), multiply(us, vt), maxAbs(matrix(a, i, m, n)) * k, "A = U S Vt");
            assertClose(identity(k), multiply(transpose(u), u), m, "U^T U = I");
            assertClose(identity(k), multiply(vt, transpose(vt)), n, "Vt Vt^T = I");
        }
    }

    @Test
    void svdOfKnownMatrix() {
        // [[3, 0], [4, 5]] has singular values sqrt(45) and sqrt(5)
        Lapack.Svd svd = Lapack.svd(new double[] {3, 0, 4, 5}, 1, 2, 2);
        assertEquals(Math.sqrt(45), svd.s()[0], 1e-14);
        assertEquals(Math.sqrt(5), svd.s()[1], 1e-14);
    }

    @Test
    void emptyShapesAndBatches() {
        Lapack.Qr qr = Lapack.qr(new double[0], 2, 3, 0);
        assertEquals(0, qr.q().length);
        assertEquals(0, qr.r().length);
        Lapack.Svd svd = Lapack.svd(new double[0], 0, 3, 4);
        assertEquals(0, svd.u().length + svd.s().length + svd.vt().length);
        Lapack.Eigh e = Lapack.eigh(new double[0], 0, 5);
        assertEquals(0, e.values().length + e.vectors().length);
        assertThrows(IllegalArgumentException.class, () -> Lapack.svd(new double[5], 1, 2, 3));
    }

    @Test
    void nonFiniteMatrixGivesNaNOutputs() {
        double[] a = {1, 0, 0, 1,   Double.POSITIVE_INFINITY, 0, 0, 1};
        Lapack.Eigh e = Lapack.eigh(a, 2, 2);
        assertEquals(1.0, e.values()[0], 1e-15);
        assertTrue(Double.isNaN(e.values()[2]) && Double.isNaN(e.vectors()[7]));
        Lapack.Svd s = Lapack.svd(a, 2, 2, 2);
        assertTrue(Double.isNaN(s.s()[3]) && !Double.isNaN(s.s()[0]));
        Lapack.Qr q = Lapack.qr(a, 2, 2, 2);
        assertTrue(Double.isNaN(q.r()[4]) && !Double.isNaN(q.r()[0]));
    }
}
