package org.polymorph.gpu.cpu.internal.linalg;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf_work;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Batched dense linear algebra in float64 through OpenBLAS' LAPACKE (JavaCPP preset).
 *
 * <p>Layout: every matrix argument is contiguous row-major {@code double[]} holding {@code batch}
 * matrices back to back, e.g. {@code a[(b*n + i)*n + j]} is a[b, i, j]. Inputs are never mutated;
 * every result is a new array in the same layout. {@code batch == 0} returns empty arrays.
 *
 * <p>Errors: bad sizes throw {@link IllegalArgumentException}; numerical failures (singular matrix
 * in solve/inverse, not positive definite in cholesky, no convergence in eigh/svd) throw
 * {@link ArithmeticException} naming the op and the batch index. A matrix containing NaN or an
 * infinity is not passed to LAPACK: all its outputs are NaN.
 *
 * <p>Native cost: one malloc'ed block per call holds the whole batch plus workspace (bulk copies in
 * and out), so each matrix costs one JNI call per LAPACK routine. LAPACK runs column-major on the
 * row-major data, which it sees as the transpose; each routine is chosen so that this costs no
 * extra copy (or one Java transpose). Thread-safe: no shared state.
 */
public final class Lapack {
    /** LAPACK_COL_MAJOR in lapacke.h. */
    static final int COL_MAJOR = 102;

    private Lapack() { }

    /** eigh result: values [batch, n] ascending; vectors [batch, n, n], eigenvector j in column j. */
    public record Eigh(double[] values, double[] vectors) { }

    /** Reduced QR, k = min(m, n): q [batch, m, k] orthonormal columns; r [batch, k, n] upper triangular. */
    public record Qr(double[] q, double[] r) { }

    /** Reduced SVD, k = min(m, n): u [batch, m, k]; s [batch, k] descending, >= 0; vt [batch, k, n]. */
    public record Svd(double[] u, double[] s, double[] vt) { }

    /**
     * Solves a x = b. a [batch, n, n], b [batch, n, nrhs] (a vector right-hand side is nrhs = 1).
     * LU with partial pivoting (dgetrf on a^T, then dgetrs with 'T').
     * @return x [batch, n, nrhs]
     * @throws ArithmeticException if a matrix is exactly singular (an LU pivot is 0)
     */
    public static double[] solve(double[] a, double[] b, int batch, int n, int nrhs) {
        MatrixOps.checkBatch("solve", "a", a, batch, n, n);
        MatrixOps.checkBatch("solve", "b", b, batch, n, nrhs);
        int nn = n * n;
        int nb = n * nrhs;
        if (b.length == 0) return new double[0];
        boolean[] okA = MatrixOps.finite(a, batch, nn);
        boolean[] okB = MatrixOps.finite(b, batch, nb);
        double[] x;
        try (NativeBlock blk = new NativeBlock((long) batch * (nn + nb), n)) {
            blk.put(0, a);
            blk.put((long) batch * nn, nrhs == 1 ? b : MatrixOps.transpose(b, batch, n, nrhs));
            IntPointer ipiv = blk.ints(0);
            for (int i = 0; i < batch; i++) {
                if (!okA[i] || !okB[i]) continue;
                DoublePointer ai = blk.doubles((long) i * nn);
                int info = LAPACKE_dgetrf_work(COL_MAJOR, n, n, ai, n, ipiv);
                if (info > 0) throw singular("solve", i, info);
                checkInfo("dgetrf", info);
                DoublePointer bi = blk.doubles((long) batch * nn + (long) i * nb);
                checkInfo("dgetrs", LAPACKE_dgetrs_work(COL_MAJOR, (byte) 'T', n, nrhs, ai, n, ipiv, bi, n));
            }
            x = blk.get((long) batch * nn, batch * nb);
        }
        if (nrhs != 1) x = MatrixOps.transpose(x, batch, nrhs, n);
        for (int i = 0; i < batch; i++) {
            if (!okA[i] || !okB[i]) MatrixOps.fillNaN(x, i, nb);
        }
        return x;
    }

    /**
     * Inverse of a [batch, n, n] (dgetrf + dgetri on a^T, whose inverse is inv(a)^T).
     * @return [batch, n, n]
     * @throws ArithmeticException if a matrix is exactly singular
     */
    public static double[] inverse(double[] a, int batch, int n) {
        MatrixOps.checkBatch("inverse", "a", a, batch, n, n);
        int nn = n * n;
        if (a.length == 0) return new double[0];
        boolean[] ok = MatrixOps.finite(a, batch, nn);
        int lwork = Math.max(1, 64 * n);
        double[] inv;
        try (NativeBlock blk = new NativeBlock((long) batch * nn + lwork, n)) {
            blk.put(0, a);
            IntPointer ipiv = blk.ints(0);
            DoublePointer work = blk.doubles((long) batch * nn);
            for (int i = 0; i < batch; i++) {
                if (!ok[i]) continue;
                DoublePointer ai = blk.doubles((long) i * nn);
                int info = LAPACKE_dgetrf_work(COL_MAJOR, n, n, ai, n, ipiv);
                if (info > 0) throw singular("inverse", i, info);
                checkInfo("dgetrf", info);
                checkInfo("dgetri", LAPACKE_dgetri_work(COL_MAJOR, n, ai, n, ipiv, work, lwork));
            }
            inv = blk.get(0, a.length);
        }
        for (int i = 0; i < batch; i++) {
            if (!ok[i]) MatrixOps.fillNaN(inv, i, nn);
        }
        return inv;
    }

    /**
     * Determinant of a [batch, n, n]: the product of the LU pivots with the permutation's sign.
     * A singular matrix gives 0 (no exception); n = 0 gives 1.
     * @return [batch]
     */
    public static double[] det(double[] a, int batch, int n) {
        MatrixOps.checkBatch("det", "a", a, batch, n, n);
        double[] det = new double[batch];
        if (batch == 0) return det;
        if (n == 0) {
            java.util.Arrays.fill(det, 1.0);
            return det;
        }
        int nn = n * n;
        boolean[] ok = MatrixOps.finite(a, batch, nn);
        boolean[] singular = new boolean[batch];
        double[] lu;
        int[] piv;
        try (NativeBlock blk = new NativeBlock((long) batch * nn, (long) batch * n)) {
            blk.put(0, a);
            for (int i = 0; i < batch; i++) {
                if (!ok[i]) continue;
                int info = LAPACKE_dgetrf_work(COL_MAJOR, n, n, blk.doubles((long) i * nn), n, blk.ints((long) i * n));
                checkInfo("dgetrf", info);
                singular[i] = info > 0;
            }
            lu = blk.get(0, a.length);
            piv = blk.getInts(0, batch * n);
        }
        for (int i = 0; i < batch; i++) {
            det[i] = !ok[i] ? Double.NaN : singular[i] ? 0.0 : luDet(lu, piv, i, n);
        }
        return det;
    }

    /** Product of U's diagonal of matrix i, negated once per row interchange (ipiv is 1-based). */
    private static double luDet(double[] lu, int[] piv, int i, int n) {
        double d = 1.0;
        int o = i * n * n;
        for (int j = 0; j < n; j++) {
            d *= lu[o + j * n + j];
            if (piv[i * n + j] != j + 1) d = -d;
        }
        return d;
    }

    /**
     * Lower Cholesky factor L of a [batch, n, n], reading only the lower triangle: a = L L^T, zeros
     * above the diagonal. dpotrf('U') on a^T computes U = L^T column-major, i.e. L row-major.
     * @return [batch, n, n]
     * @throws ArithmeticException if a matrix is not positive definite
     */
    public static double[] cholesky(double[] a, int batch, int n) {
        MatrixOps.checkBatch("cholesky", "a", a, batch, n, n);
        int nn = n * n;
        if (a.length == 0) return new double[0];
        boolean[] ok = MatrixOps.finite(a, batch, nn);
        double[] l;
        try (NativeBlock blk = new NativeBlock(a.length, 0)) {
            blk.put(0, a);
            for (int i = 0; i < batch; i++) {
                if (!ok[i]) continue;
                int info = LAPACKE_dpotrf_work(COL_MAJOR, (byte) 'U', n, blk.doubles((long) i * nn), n);
                if (info > 0) {
                    throw new ArithmeticException("cholesky: the matrix at batch index " + i
                            + " is not positive definite (leading minor of order " + info + " is not positive)");
                }
                checkInfo("dpotrf", info);
            }
            l = blk.get(0, a.length);
        }
        MatrixOps.zeroTriangle(l, batch, n, n, true);
        for (int i = 0; i < batch; i++) {
            if (!ok[i]) MatrixOps.fillNaN(l, i, nn);
        }
        return l;
    }

    /**
     * Symmetric eigendecomposition of a [batch, n, n] using its lower triangle (LAPACK dsyevd).
     * @throws ArithmeticException if the algorithm does not converge for a matrix
     */
    public static Eigh eigh(double[] a, int batch, int n) {
        return Decompose.eigh(a, batch, n);
    }

    /** Reduced Householder QR of a [batch, m, n] (dgelqf + dorglq on a^T). */
    public static Qr qr(double[] a, int batch, int m, int n) {
        return Decompose.qr(a, batch, m, n);
    }

    /**
     * Reduced SVD of a [batch, m, n] (LAPACK dgesdd, divide and conquer, on a^T).
     * @throws ArithmeticException if the algorithm does not converge for a matrix
     */
    public static Svd svd(double[] a, int batch, int m, int n) {
        return Decompose.svd(a, batch, m, n);
    }

    static ArithmeticException singular(String op, int index, int info) {
        return new ArithmeticException(op + ": the matrix at batch index " + index
                + " is singular (LU pivot " + info + " is exactly zero)");
    }

    /** A negative LAPACK info means a bad argument: a bug here, not bad user input. */
    static void checkInfo(String routine, int info) {
        if (info < 0) {
            throw new IllegalStateException("LAPACK " + routine + " rejected argument " + (-info));
        }
    }
}
