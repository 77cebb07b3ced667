package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import java.util.Comparator;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.Decompositions.QR;
import org.polymorph.core.tensor.Decompositions.SVD;

/**
 * eigh by the cyclic Jacobi method (Golub and Van Loan, 4th ed., alg. 8.5.3), QR by Householder
 * reflections (alg. 5.2.1) with diag(R) >= 0, SVD by one-sided (Hestenes) Jacobi rotations
 * (Demmel and Veselic, SIAM J. Matrix Anal. Appl. 13, 1992). Plain double loops.
 */
final class RefDecompositions {
    private static final int MAX_SWEEPS = 100;

    private RefDecompositions() { }

    static Eigh eigh(RefTensor a) {
        Matrices.check("eigh", a, true);
        int n = a.dims()[a.rank() - 1];
        int[] batch = Matrices.batch(a);
        int nb = Layout.size(batch);
        double[][] values = new double[nb][];
        double[][][] vectors = new double[nb][][];
        for (int t = 0; t < nb; t++) {
            double[][] m = Matrices.get(a, t);
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i][j] = m[j][i];   // lower triangle
            Matrices.requireFinite("eigh", m, t);
            double[][] v = new double[n][n];
            jacobiEigen(m, v);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, Comparator.comparingDouble(i -> m[i][i]));
            values[t] = new double[n];
            vectors[t] = new double[n][n];
            for (int c = 0; c < n; c++) {
                values[t][c] = m[order[c]][order[c]];
                for (int r = 0; r < n; r++) vectors[t][r][c] = v[r][order[c]];
            }
        }
        return new Eigh(Matrices.buildVectors(a.dtype(), batch, values, n), Matrices.build(a.dtype(), batch, vectors, n, n));
    }

    /** Diagonalises symmetric {@code a} in place; {@code v} receives the rotations (columns = vectors). */
    private static void jacobiEigen(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) <= 1e-18 * Math.sqrt(Math.abs(a[p][p] * a[q][q])) || Math.abs(apq) < Double.MIN_NORMAL) {
                        a[p][q] = 0;
                        a[q][p] = 0;
                        continue;
                    }
                    double tau = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.hypot(1, tau));
                    double c = 1 / Math.sqrt(1 + t * t);
                    rotate(a, v, p, q, c, t * c);
                    rotated = true;
                }
            }
            if (!rotated) return;
        }
        throw new ArithmeticException("eigh: Jacobi iteration did not converge in " + MAX_SWEEPS
                + " sweeps; the matrix may be badly scaled");
    }

    /** a = J^T a J and v = v J for the rotation J = [[c, s], [-s, c]] in the (p, q) plane. */
    private static void rotate(double[][] a, double[][] v, int p, int q, double c, double s) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    static QR qr(RefTensor a) {
        Matrices.check("qr", a, false);
        int m = a.dims()[a.rank() - 2];
        int n = a.dims()[a.rank() - 1];
        int k = Math.min(m, n);
        int[] batch = Matrices.batch(a);
        int nb = Layout.size(batch);
        double[][][] qs = new double[nb][][];
        double[][][] rs = new double[nb][][];
        for (int t = 0; t < nb; t++) {
            double[][][] qr = householderQr(Matrices.get(a, t), m, n);
            qs[t] = qr[0];
            rs[t] = qr[1];
        }
        return new QR(Matrices.build(a.dtype(), batch, qs, m, k), Matrices.build(a.dtype(), batch, rs, k, n));
    }

    /** {Q [m][k], R [k][n]} of one matrix, signs chosen so that diag(R) >= 0. */
    private static double[][][] householderQr(double[][] r, int m, int n) {
        int k = Math.min(m, n);
        double[][] vs = new double[k][];
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) norm += r[i][j] * r[i][j];
            norm = Math.sqrt(norm);
            double[] v = new double[m];
            if (norm > 0) {
                double alpha = r[j][j] >= 0 ? -norm : norm;
                for (int i = j; i < m; i++) v[i] = r[i][j];
                v[j] -= alpha;
                double vn = 0;
                for (int i = j; i < m; i++) vn += v[i] * v[i];
                vn = Math.sqrt(vn);
                for (int i = j; i < m; i++) v[i] /= vn;
                reflect(r, v, j, n);
            }
            vs[j] = v;
        }
        double[][] q = new double[m][k];
        for (int i = 0; i < k; i++) q[i][i] = 1;
        for (int j = k - 1; j >= 0; j--) reflect(q, vs[j], j, k);
        double[][] rk = new double[k][n];
        for (int i = 0; i < k; i++) {
            double sign = r[i][i] < 0 ? -1 : 1;
            for (int j = i; j < n; j++) rk[i][j] = sign * r[i][j];
            for (int p = 0; p < m; p++) q[p][i] *= sign;
        }
        return new double[][][] {q, rk};
    }

    /** x = (I - 2 v v^T) x on rows j.. of the first {@code cols} columns of x. */
    private static void reflect(double[][] x, double[] v, int j, int cols) {
        for (int c = 0; c < cols; c++) {
            double d = 0;
            for (int i = j; i < x.length; i++) d += v[i] * x[i][c];
            for (int i = j; i < x.length; i++) x[i][c] -= 2 * v[i] * d;
        }
    }

    static SVD svd(RefTensor a) {
        Matrices.check("svd", a, false);
        int m = a.dims()[a.rank() - 2];
        int n = a.dims()[a.rank() - 1];
        int k = Math.min(m, n);
        int[] batch = Matrices.batch(a);
        int nb = Layout.size(batch);
        double[][][] us = new double[nb][][];
        double[][] ss = new double[nb][];
        double[][][] vts = new double[nb][][];
        for (int t = 0; t < nb; t++) {
            double[][] x = Matrices.requireFinite("svd", Matrices.get(a, t), t);
            boolean wide = m < n;
            double[][][] usv = jacobiSvd(wide ? Matrices.transpose(x, n) : x, wide ? m : n);
            us[t] = wide ? usv[1] : usv[0];
            vts[t] = Matrices.transpose(wide ? usv[0] : usv[1], k);
            ss[t] = usv[2][0];
        }
        return new SVD(Matrices.build(a.dtype(), batch, us, m, k), Matrices.buildVectors(a.dtype(), batch, ss, k),
                Matrices.build(a.dtype(), batch, vts, k, n));
    }

    /** {U [rows][n], V [n][n], {s}} of a tall matrix (rows >= n), s descending. */
    private static double[][][] jacobiSvd(double[][] x, int n) {
        int rows = x.length;
        double[][] u = new double[rows][];
        for (int i = 0; i < rows; i++) u[i] = x[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        int sweep = 0;
        while (orthogonaliseSweep(u, v, n)) {
            if (++sweep == MAX_SWEEPS) {
                throw new ArithmeticException("svd: Jacobi iteration did not converge in " + MAX_SWEEPS
                        + " sweeps; the matrix may be badly scaled");
            }
        }
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            double nn = 0;
            for (int i = 0; i < rows; i++) nn += u[i][j] * u[i][j];
            s[j] = Math.sqrt(nn);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
        double[][] uo = new double[rows][n];
        double[][] vo = new double[n][n];
        double[] so = new double[n];
        for (int c = 0; c < n; c++) {
            int j = order[c];
            so[c] = s[j];
            for (int i = 0; i < rows; i++) uo[i][c] = s[j] > 0 ? u[i][j] / s[j] : 0;
            for (int i = 0; i < n; i++) vo[i][c] = v[i][j];
        }
        double small = (so.length == 0 ? 0 : so[0]) * 1e-13;
        for (int c = 0; c < n; c++) if (so[c] <= small) Orthonormal.complete(uo, c);
        return new double[][][] {uo, vo, {so}};
    }

    /** One sweep of Hestenes rotations over all column pairs; false when no pair needed one. */
    private static boolean orthogonaliseSweep(double[][] u, double[][] v, int n) {
        boolean rotated = false;
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                double alpha = 0;
                double beta = 0;
                double gamma = 0;
                for (double[] row : u) {
                    alpha += row[p] * row[p];
                    beta += row[q] * row[q];
                    gamma += row[p] * row[q];
                }
                if (gamma == 0 || Math.abs(gamma) <= 1e-16 * Math.sqrt(alpha * beta)) continue;
                double zeta = (beta - alpha) / (2 * gamma);
                double t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
                double c = 1 / Math.sqrt(1 + t * t);
                double s = c * t;
                for (double[] row : u) rotateColumns(row, p, q, c, s);
                for (double[] row : v) rotateColumns(row, p, q, c, s);
                rotated = true;
            }
        }
        return rotated;
    }

    private static void rotateColumns(double[] row, int p, int q, double c, double s) {
        double xp = row[p];
        double xq = row[q];
        row[p] = c * xp - s * xq;
        row[q] = s * xp + c * xq;
    }
}
