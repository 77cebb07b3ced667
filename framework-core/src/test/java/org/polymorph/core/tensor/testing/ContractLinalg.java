package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * solve, inverse, det, cholesky against the reference; eigh, qr and svd by their defining
 * properties (reconstruction, orthonormality, triangularity, ordering), since eigenvector and
 * singular-vector signs are arbitrary, plus the unique parts (eigenvalues, singular values, |R|).
 */
public abstract class ContractLinalg extends ContractSupport {

    /** Random [-1, 1) entries plus n on the diagonal: well conditioned. */
    protected static double[] wellConditioned(long seed, int batch, int n) {
        double[] v = values(F64, seed, -1, 1, batch * n * n);
        for (int b = 0; b < batch; b++) for (int i = 0; i < n; i++) v[(b * n + i) * n + i] += n;
        return v;
    }

    /** B B^T + I for random B: symmetric positive definite. */
    protected static double[] spd(long seed, int batch, int n) {
        double[] b = values(F64, seed, -1, 1, batch * n * n);
        double[] v = new double[batch * n * n];
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < n; k++) s += b[(t * n + i) * n + k] * b[(t * n + j) * n + k];
                    v[(t * n + i) * n + j] = s;
                }
            }
        }
        return v;
    }

    private static int[] shape(int[] batch, int... tail) {
        int[] s = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    @Test
    void solve() {
        agree("vector rhs", s -> s.solve(f64(wellConditioned(501, 1, 4), 4, 4).in(s), rand(F64, 502, 4).in(s)));
        agree("matrix rhs", s -> s.solve(f64(wellConditioned(503, 1, 4), 4, 4).in(s), rand(F64, 504, 4, 3).in(s)));
        agree("batched vector rhs", s -> s.solve(f64(wellConditioned(505, 3, 4), 3, 4, 4).in(s), rand(F64, 506, 3, 4).in(s)));
        agree("batched matrix rhs", s -> s.solve(f64(wellConditioned(507, 3, 4), 3, 4, 4).in(s), rand(F64, 508, 3, 4, 2).in(s)));
        agree("broadcast batch, matrix rhs", s -> s.solve(f64(wellConditioned(509, 2, 3), 2, 1, 3, 3).in(s), rand(F64, 510, 1, 5, 3, 2).in(s)));
        agree("broadcast batch, vector rhs", s -> s.solve(f64(wellConditioned(509, 2, 3), 2, 1, 3, 3).in(s), rand(F64, 510, 2, 5, 3).in(s)));
        agree("rank 2 rhs for a 2-D matrix is a matrix", s -> s.solve(f64(wellConditioned(523, 1, 3), 3, 3).in(s), rand(F64, 524, 3, 3).in(s)));
        agree("1-D rhs for a batch", s -> s.solve(f64(wellConditioned(511, 2, 3), 2, 3, 3).in(s), rand(F64, 512, 3).in(s)));
        agree("1 x 1", s -> s.solve(f64(new double[] {4}, 1, 1).in(s), rand(F64, 513, 1).in(s)));
        agree("0 x 0", s -> s.solve(f64(new double[0], 0, 0).in(s), rand(F64, 514, 0).in(s)));
        agree("transposed views", s -> s.solve(f64(wellConditioned(515, 1, 5), 5, 5).t().in(s), rand(F64, 516, 2, 5).t().in(s)));
        agree("negative-step view", s -> s.solve(f64(wellConditioned(517, 1, 5), 5, 5)
                .slice(new int[] {4, 0}, new int[] {Integer.MIN_VALUE, 5}, new int[] {-1, 1}).in(s), rand(F64, 518, 5).in(s)));
        agree("float32", 1e-4, 1e-5, s -> s.solve(data(F32, wellConditioned(519, 1, 4), 4, 4).in(s), rand(F32, 520, 4).in(s)));
        agree("large 80 x 80, 60 rhs", s -> s.solve(f64(wellConditioned(521, 1, 80), 80, 80).in(s), rand(F64, 522, 80, 60).in(s)));
        TensorService s = service();
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.solve(s.fromArray(new double[] {1, 2, 2, 4}, 2, 2),
                s.fromArray(new double[] {1, 1}, 2))), "singular");
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.solve(s.zeros(F64, 3, 3), s.ones(F64, 3))), "singular");
        assertFails(IllegalArgumentException.class, () -> s.solve(s.zeros(F64, 2, 3), s.zeros(F64, 2)), "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> s.solve(s.eye(F64, 3), s.zeros(F64, 4)));
        assertFails(IllegalArgumentException.class, () -> s.solve(s.eye(I32, 2), s.zeros(I32, 2)), "int32");
        assertFails(IllegalArgumentException.class, () -> s.solve(s.eye(F64, 2), s.zeros(F32, 2)));
    }

    @Test
    void inverseAndDet() {
        agree("inverse", s -> s.inverse(f64(wellConditioned(531, 1, 5), 5, 5).in(s)));
        agree("inverse batched", s -> s.inverse(f64(wellConditioned(532, 6, 3), 2, 3, 3, 3).in(s)));
        agree("inverse view", s -> s.inverse(f64(wellConditioned(533, 1, 4), 4, 4).t().in(s)));
        agree("inverse needs pivoting", s -> s.inverse(f64(new double[] {0, 1, 2, 1, 0, 3, 4, -3, 8}, 3, 3).in(s)));
        agree("inverse float32", 1e-4, 1e-5, s -> s.inverse(data(F32, wellConditioned(534, 1, 4), 4, 4).in(s)));
        agree("inverse large", s -> s.inverse(f64(wellConditioned(535, 1, 70), 70, 70).in(s)));
        agree("det", s -> s.det(f64(wellConditioned(536, 1, 5), 5, 5).in(s)));
        agree("det batched", s -> s.det(f64(wellConditioned(537, 4, 3), 4, 3, 3).in(s)));
        agree("det random signs", s -> s.det(rand(F64, 538, 5, 4, 4).in(s)));
        agree("det singular is 0", s -> s.det(f64(new double[] {1, 2, 2, 4}, 2, 2).in(s)));
        agree("det 1 x 1", s -> s.det(f64(new double[] {-3}, 1, 1).in(s)));
        agree("det 0 x 0 is 1", s -> s.det(f64(new double[0], 0, 0).in(s)));
        agree("det negative-step view", s -> s.det(f64(wellConditioned(539, 1, 4), 4, 4)
                .slice(new int[] {3, 0}, new int[] {Integer.MIN_VALUE, 4}, new int[] {-1, 1}).in(s)));
        agree("det large", s -> s.det(f64(wellConditioned(540, 1, 70), 70, 70).in(s)));
        TensorService s = service();
        assertEquals(-2.0, s.item(s.det(s.fromArray(new double[] {1, 2, 3, 4}, 2, 2))), 1e-14);
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.inverse(s.fromArray(new double[] {1, 2, 2, 4}, 2, 2))), "singular");
        assertFails(IllegalArgumentException.class, () -> s.det(s.zeros(F64, 3)), "[3]");
        assertFails(IllegalArgumentException.class, () -> s.inverse(s.zeros(F64, 2, 3)));
    }

    @Test
    void cholesky() {
        agree("cholesky", s -> s.cholesky(f64(spd(541, 1, 5), 5, 5).in(s)));
        agree("cholesky batched", s -> s.cholesky(f64(spd(542, 3, 4), 3, 4, 4).in(s)));
        agree("cholesky 1 x 1", s -> s.cholesky(f64(new double[] {9}, 1, 1).in(s)));
        agree("cholesky view", s -> s.cholesky(f64(spd(543, 1, 4), 4, 4).t().in(s)));
        agree("cholesky float32", 1e-4, 1e-5, s -> s.cholesky(data(F32, spd(544, 1, 4), 4, 4).in(s)));
        agree("cholesky large", s -> s.cholesky(f64(spd(545, 1, 70), 70, 70).in(s)));
        TensorService s = service();
        assertArrayEquals(new double[] {2, 0, 1, 3}, s.toDoubleArray(s.cholesky(s.fromArray(new double[] {4, 2, 2, 10}, 2, 2))), 1e-14);
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.cholesky(s.fromArray(new double[] {1, 2, 2, 1}, 2, 2))),
                "positive definite");
        assertFails(ArithmeticException.class, () -> s.toDoubleArray(s.cholesky(s.fromArray(new double[] {-1, 0, 0, 1}, 2, 2))));
        assertFails(IllegalArgumentException.class, () -> s.cholesky(s.zeros(F64, 2, 3)));
    }

    // ---- eigh ----

    /** Symmetric matrices from the lower triangle, reading the flat values of [..., n, n]. */
    private static double[][] lowerSymmetric(double[] a, int b, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = a[(b * n + i) * n + j];
                m[j][i] = m[i][j];
            }
        }
        return m;
    }

    private static double[][] block(double[] flat, int b, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = flat[(b * rows + i) * cols + j];
        return m;
    }

    private static void assertClose(String label, double[][] actual, double[][] expected, double tol) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double d = Math.abs(actual[i][j] - expected[i][j]);
                assertTrue(d <= tol, label + ": entry (" + i + ", " + j + ") off by " + d + " > " + tol);
            }
        }
    }

    private static double[][] identity(int n) {
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) e[i][i] = 1;
        return e;
    }

    /** Checks eigh of matrices [batch..., n, n] given as flat values. */
    private void checkEigh(String label, double[] a, int[] batch, int n) {
        Tensor in = f64(a, shape(batch, n, n)).in(service());
        Eigh e = service().eigh(in);
        Eigh r = REF.eigh(f64(a, shape(batch, n, n)).in(REF));
        double scale = Math.max(1, maxAbs(a)) * Math.max(1, n);
        check(label + " eigenvalues", e.values(), r.values(), 1e-12, 1e-12 * scale);
        assertEquals(r.vectors().shape(), e.vectors().shape(), label + " vectors shape");
        double[] w = read(e.values());
        double[] v = read(e.vectors());
        int nb = size(batch);
        for (int b = 0; b < nb; b++) {
            double[][] vm = block(v, b, n, n);
            double[][] av = Matrices.multiply(lowerSymmetric(a, b, n), vm);
            double[][] vw = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) vw[i][j] = vm[i][j] * w[b * n + j];
            assertClose(label + " A V = V diag(w), matrix " + b, av, vw, 1e-12 * scale);
            assertClose(label + " V^T V = I, matrix " + b, Matrices.multiply(Matrices.transpose(vm, n), vm), identity(n), 1e-12 * n);
            for (int j = 1; j < n; j++) assertTrue(w[b * n + j - 1] <= w[b * n + j], label + ": eigenvalues ascending");
        }
    }

    private static double[] symmetric(long seed, int batch, int n) {
        double[] r = values(F64, seed, -1, 1, batch * n * n);
        double[] v = new double[r.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) v[(b * n + i) * n + j] = r[(b * n + i) * n + j] + r[(b * n + j) * n + i];
        }
        return v;
    }

    @Test
    void eigh() {
        checkEigh("eigh 5x5", symmetric(551, 1, 5), new int[0], 5);
        checkEigh("eigh batched", symmetric(552, 6, 4), new int[] {2, 3}, 4);
        checkEigh("eigh 1x1", new double[] {-2.5}, new int[0], 1);
        checkEigh("eigh 0x0", new double[0], new int[0], 0);
        checkEigh("eigh reads the lower triangle only", values(F64, 553, -1, 1, 16), new int[0], 4);
        checkEigh("eigh repeated eigenvalues", new double[] {2, 0, 0, 0, 2, 0, 0, 0, 5}, new int[0], 3);
        checkEigh("eigh diagonal", new double[] {3, 0, 0, 0, -1, 0, 0, 0, 2}, new int[0], 3);
        checkEigh("eigh large", symmetric(554, 1, 70), new int[0], 70);
        Tensor view = f64(symmetric(555, 1, 4), 4, 4).t().in(service());
        Tensor viewRef = f64(symmetric(555, 1, 4), 4, 4).t().in(REF);
        check("eigh of a view", service().eigh(view).values(), REF.eigh(viewRef).values(), 1e-12, 1e-11);
        agree("eigh float32 eigenvalues", 1e-4, 1e-4, s -> s.eigh(data(F32, symmetric(556, 1, 4), 4, 4).in(s)).values());
        assertFails(IllegalArgumentException.class, () -> service().eigh(service().zeros(F64, 2, 3)));
    }

    @Test
    void eighOfTridiagonalIsKnown() {
        int n = 6;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 2;
            if (i > 0) a[i * n + i - 1] = -1;
            if (i < n - 1) a[i * n + i + 1] = -1;
        }
        double[] w = read(service().eigh(service().fromArray(a, n, n)).values());
        for (int k = 1; k <= n; k++) assertEquals(2 - 2 * Math.cos(k * Math.PI / (n + 1)), w[k - 1], 1e-13, "eigenvalue " + k);
    }

    // ---- qr ----

    private void checkQr(String label, double[] a, int[] batch, int m, int n) {
        QR q = service().qr(f64(a, shape(batch, m, n)).in(service()));
        QR r = REF.qr(f64(a, shape(batch, m, n)).in(REF));
        int k = Math.min(m, n);
        assertEquals(r.q().shape(), q.q().shape(), label + " Q shape");
        assertEquals(r.r().shape(), q.r().shape(), label + " R shape");
        double scale = Math.max(1, maxAbs(a)) * Math.max(1, Math.max(m, n));
        double[] qv = read(q.q());
        double[] rv = read(q.r());
        double[] rr = REF.toDoubleArray(r.r());
        for (int b = 0; b < size(batch); b++) {
            double[][] qm = block(qv, b, m, k);
            double[][] rm = block(rv, b, k, n);
            assertClose(label + " Q R = A, matrix " + b, Matrices.multiply(qm, rm), block(a, b, m, n), 1e-12 * scale);
            assertClose(label + " Q^T Q = I, matrix " + b, Matrices.multiply(Matrices.transpose(qm, k), qm), identity(k), 1e-12 * Math.max(1, m));
            for (int i = 0; i < k; i++) for (int j = 0; j < Math.min(i, n); j++) assertEquals(0, rm[i][j], 1e-14, label + ": R below diagonal");
            double[][] ref = block(rr, b, k, n);
            for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) ref[i][j] = Math.abs(ref[i][j]);
            for (int i = 0; i < k; i++) for (int j = 0; j < n; j++) rm[i][j] = Math.abs(rm[i][j]);
            assertClose(label + " |R| (unique for full rank), matrix " + b, rm, ref, 1e-12 * scale);
        }
    }

    @Test
    void qr() {
        checkQr("qr square", values(F64, 561, -1, 1, 25), new int[0], 5, 5);
        checkQr("qr tall", values(F64, 562, -1, 1, 28), new int[0], 7, 4);
        checkQr("qr wide", values(F64, 563, -1, 1, 15), new int[0], 3, 5);
        checkQr("qr batched", values(F64, 564, -1, 1, 72), new int[] {2, 3}, 4, 3);
        checkQr("qr 1x1 negative", new double[] {-3}, new int[0], 1, 1);
        checkQr("qr column vector", values(F64, 565, -1, 1, 6), new int[0], 6, 1);
        checkQr("qr 0 rows", new double[0], new int[0], 0, 3);
        checkQr("qr large", values(F64, 566, -1, 1, 80 * 60), new int[0], 80, 60);
        QR v = service().qr(rand(F64, 567, 3, 5).t().in(service()));
        double[][] a = Matrices.transpose(block(values(F64, 567, -1, 1, 15), 0, 3, 5), 5);
        assertClose("qr of a view", Matrices.multiply(block(read(v.q()), 0, 5, 3), block(read(v.r()), 0, 3, 3)), a, 1e-12 * 5);
        assertFails(IllegalArgumentException.class, () -> service().qr(service().zeros(F64, 3)));
    }

    // ---- svd ----

    private void checkSvd(String label, double[] a, int[] batch, int m, int n) {
        SVD d = service().svd(f64(a, shape(batch, m, n)).in(service()));
        SVD r = REF.svd(f64(a, shape(batch, m, n)).in(REF));
        int k = Math.min(m, n);
        assertEquals(r.u().shape(), d.u().shape(), label + " U shape");
        assertEquals(r.vt().shape(), d.vt().shape(), label + " Vt shape");
        double scale = Math.max(1, maxAbs(a)) * Math.max(1, Math.max(m, n));
        check(label + " singular values", d.s(), r.s(), 1e-12, 1e-12 * scale);
        double[] u = read(d.u());
        double[] sv = read(d.s());
        double[] vt = read(d.vt());
        for (int b = 0; b < size(batch); b++) {
            double[][] um = block(u, b, m, k);
            double[][] vm = block(vt, b, k, n);
            double[][] us = new double[m][k];
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i][j] = um[i][j] * sv[b * k + j];
            assertClose(label + " U diag(s) Vt = A, matrix " + b, Matrices.multiply(us, vm), block(a, b, m, n), 1e-12 * scale);
            assertClose(label + " U^T U = I, matrix " + b, Matrices.multiply(Matrices.transpose(um, k), um), identity(k), 1e-12 * Math.max(1, m));
            assertClose(label + " Vt V = I, matrix " + b, Matrices.multiply(vm, Matrices.transpose(vm, n)), identity(k), 1e-12 * Math.max(1, n));
            for (int j = 0; j < k; j++) {
                assertTrue(sv[b * k + j] >= 0, label + ": singular values >= 0");
                if (j > 0) assertTrue(sv[b * k + j - 1] >= sv[b * k + j], label + ": singular values descending");
            }
        }
    }

    @Test
    void svd() {
        checkSvd("svd square", values(F64, 571, -1, 1, 25), new int[0], 5, 5);
        checkSvd("svd tall", values(F64, 572, -1, 1, 28), new int[0], 7, 4);
        checkSvd("svd wide", values(F64, 573, -1, 1, 15), new int[0], 3, 5);
        checkSvd("svd batched", values(F64, 574, -1, 1, 72), new int[] {2, 3}, 3, 4);
        checkSvd("svd rank-deficient", new double[] {1, 2, 3, 2, 4, 6, -1, -2, -3, 0, 0, 0}, new int[0], 4, 3);
        checkSvd("svd zero matrix", new double[6], new int[0], 2, 3);
        checkSvd("svd 1x1", new double[] {-4}, new int[0], 1, 1);
        checkSvd("svd row vector", values(F64, 575, -1, 1, 5), new int[0], 1, 5);
        checkSvd("svd large", values(F64, 576, -1, 1, 80 * 60), new int[0], 80, 60);
        agree("svd of a view: singular values", s -> s.svd(rand(F64, 577, 6, 4).t().in(s)).s());
        agree("svd float32 singular values", 1e-4, 1e-4, s -> s.svd(rand(F32, 578, 5, 4).in(s)).s());
        assertFails(IllegalArgumentException.class, () -> service().svd(service().zeros(I64, 3, 3)));
    }

    @Test
    void linalgRejectsIntegerDtypes() {
        TensorService s = service();
        for (DType dt : new DType[] {I32, I64, BOOL}) {
            assertFails(IllegalArgumentException.class, () -> s.det(s.eye(dt, 2)));
            assertFails(IllegalArgumentException.class, () -> s.cholesky(s.eye(dt, 2)));
            assertFails(IllegalArgumentException.class, () -> s.eigh(s.eye(dt, 2)));
        }
    }
}
