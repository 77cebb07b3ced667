package org.polymorph.core.tensor.testing;

import org.polymorph.core.tensor.Shape;

/**
 * solve, inverse and det by LU with partial pivoting (Golub and Van Loan, Matrix Computations,
 * 4th ed., alg. 3.4.1), and Cholesky (alg. 4.2.1). Works in double; results are rounded to the
 * input dtype. A zero pivot (exactly singular in LU) and a non-positive Cholesky pivot throw
 * {@link ArithmeticException}.
 */
final class RefLinalg {
    private RefLinalg() { }

    /** LU factors of a square matrix: lu holds L (unit, below) and U; perm[i] = source row; sign = det(P). */
    record Lu(double[][] lu, int[] perm, int sign, int zeroPivot) { }

    static Lu lu(double[][] a) {
        int n = a.length;
        double[][] lu = new double[n][];
        for (int i = 0; i < n; i++) lu[i] = a[i].clone();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        int sign = 1;
        int zero = -1;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(lu[i][k]) > Math.abs(lu[p][k])) p = i;
            if (p != k) {
                double[] t = lu[p]; lu[p] = lu[k]; lu[k] = t;
                int q = perm[p]; perm[p] = perm[k]; perm[k] = q;
                sign = -sign;
            }
            if (lu[k][k] == 0) {
                if (zero < 0) zero = k;
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double f = lu[i][k] / lu[k][k];
                lu[i][k] = f;
                for (int j = k + 1; j < n; j++) lu[i][j] -= f * lu[k][j];
            }
        }
        return new Lu(lu, perm, sign, zero);
    }

    /** Solves a x = b for matrix {@code batch} of a tensor of {@code shape}; b holds k columns [n][k]. */
    static double[][] solveOne(String op, double[][] a, double[][] b, Shape shape, int batch) {
        Lu f = lu(a);
        if (f.zeroPivot >= 0) {
            throw new ArithmeticException(op + ": matrix " + batch + " of shape " + shape + " is singular (zero pivot in column "
                    + f.zeroPivot + " of its LU factorisation); use a least-squares method or regularise it");
        }
        int n = a.length;
        int k = n == 0 ? 0 : b[0].length;
        double[][] x = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[f.perm[i]][c];
                for (int j = 0; j < i; j++) s -= f.lu[i][j] * y[j];
                y[i] = s;
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int j = i + 1; j < n; j++) s -= f.lu[i][j] * x[j][c];
                x[i][c] = s / f.lu[i][i];
            }
        }
        return x;
    }

    /**
     * b is a stack of vectors when its rank is 1 or a.rank - 1 ([..., n]), else of matrices
     * [..., n, k]; batch axes broadcast.
     */
    static RefTensor solve(RefTensor a, RefTensor b) {
        String op = "solve";
        Matrices.check(op, a, true);
        Values.requireSameDtype(op, a, b);
        int n = a.dims()[a.rank() - 1];
        boolean vector = b.rank() == 1 || b.rank() == a.rank() - 1;
        RefTensor bm = vector ? RefShapes.reshape(b, Layout.concat(b.dims(), new int[] {1})) : b;
        if (bm.rank() < 2 || bm.dims()[bm.rank() - 2] != n) {
            throw new IllegalArgumentException(op + ": right-hand side " + b.shape() + " does not fit matrices " + a.shape()
                    + "; give b as [..., " + n + "] or [..., " + n + ", k]");
        }
        int k = bm.dims()[bm.rank() - 1];
        int[] batch = Layout.broadcast(op + " (batch axes)", Shape.of(Matrices.batch(a)), Shape.of(Matrices.batch(bm)));
        int nb = Layout.size(batch);
        double[][][] xs = new double[nb][][];
        int[] bi = new int[batch.length];
        for (int t = 0; t < nb; t++) {
            Layout.unravel(t, batch, bi);
            xs[t] = solveOne(op, Matrices.getBroadcast(a, bi), Matrices.getBroadcast(bm, bi), a.shape(), t);
        }
        RefTensor x = Matrices.build(a.dtype(), batch, xs, n, k);
        return vector ? RefShapes.reshape(x, Layout.concat(batch, new int[] {n})) : x;
    }

    static RefTensor inverse(RefTensor a) {
        Matrices.check("inverse", a, true);
        int n = a.dims()[a.rank() - 1];
        int nb = Layout.size(Matrices.batch(a));
        double[][] eye = new double[n][n];
        for (int i = 0; i < n; i++) eye[i][i] = 1;
        double[][][] out = new double[nb][][];
        for (int t = 0; t < nb; t++) out[t] = solveOne("inverse", Matrices.get(a, t), eye, a.shape(), t);
        return Matrices.build(a.dtype(), Matrices.batch(a), out, n, n);
    }

    /** det = sign(P) * prod(diag(U)); 0 for a singular matrix, 1 for a 0 x 0 matrix. */
    static RefTensor det(RefTensor a) {
        Matrices.check("det", a, true);
        int nb = Layout.size(Matrices.batch(a));
        double[] out = new double[nb];
        for (int t = 0; t < nb; t++) {
            Lu f = lu(Matrices.get(a, t));
            double d = f.sign;
            for (int i = 0; i < f.lu.length; i++) d *= f.lu[i][i];
            out[t] = d;
        }
        return RefTensor.stored(a.dtype(), Matrices.batch(a), out);
    }

    /** Lower-triangular L with a = L L^T, reading only the lower triangle of a. */
    static RefTensor cholesky(RefTensor a) {
        Matrices.check("cholesky", a, true);
        int n = a.dims()[a.rank() - 1];
        int nb = Layout.size(Matrices.batch(a));
        double[][][] out = new double[nb][][];
        for (int t = 0; t < nb; t++) {
            double[][] m = Matrices.get(a, t);
            double[][] l = new double[n][n];
            for (int j = 0; j < n; j++) {
                double d = m[j][j];
                for (int p = 0; p < j; p++) d -= l[j][p] * l[j][p];
                if (!(d > 0)) {
                    throw new ArithmeticException("cholesky: matrix " + t + " of shape " + a.shape()
                            + " is not positive definite (pivot " + d + " at row " + j + "); check symmetry, or add a"
                            + " multiple of the identity");
                }
                l[j][j] = Math.sqrt(d);
                for (int i = j + 1; i < n; i++) {
                    double s = m[i][j];
                    for (int p = 0; p < j; p++) s -= l[i][p] * l[j][p];
                    l[i][j] = s / l[j][j];
                }
            }
            out[t] = l;
        }
        return Matrices.build(a.dtype(), Matrices.batch(a), out, n, n);
    }
}
