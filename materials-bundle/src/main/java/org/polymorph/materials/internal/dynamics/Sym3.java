package org.polymorph.materials.internal.dynamics;

/**
 * Symmetric 3×3 matrices stored row-major in 9 doubles: the eigen-decomposition by cyclic Jacobi
 * rotations (Golub & Van Loan §8.5) and functions of a matrix through it.
 */
final class Sym3 {
    private Sym3() { }

    /** Eigenvalues λ [3] and eigenvectors as the columns of O [9] (row-major), so that A = O·diag(λ)·Oᵀ. */
    record Eigen(double[] values, double[] vectors) {
        /** O·diag(f(λ))·Oᵀ. */
        double[] map(java.util.function.DoubleUnaryOperator f) {
            double[] out = new double[9];
            for (int k = 0; k < 3; k++) {
                double fk = f.applyAsDouble(values[k]);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) out[3 * i + j] += vectors[3 * i + k] * fk * vectors[3 * j + k];
                }
            }
            return out;
        }
    }

    static Eigen eigen(double[] a) {
        double[] m = a.clone();
        double[] o = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = m[1] * m[1] + m[2] * m[2] + m[5] * m[5];
            double scale = m[0] * m[0] + m[4] * m[4] + m[8] * m[8];
            if (off <= 1e-30 * scale || off == 0) break;
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    double apq = m[3 * p + q];
                    if (apq == 0) continue;
                    double theta = (m[3 * q + q] - m[3 * p + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(m, o, p, q, c, s);
                }
            }
        }
        return new Eigen(new double[] {m[0], m[4], m[8]}, o);
    }

    /** A ← JᵀAJ and O ← OJ for the Givens rotation J in the (p, q) plane. */
    private static void rotate(double[] m, double[] o, int p, int q, double c, double s) {
        for (int k = 0; k < 3; k++) {
            double mkp = m[3 * k + p], mkq = m[3 * k + q];
            m[3 * k + p] = c * mkp - s * mkq;
            m[3 * k + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < 3; k++) {
            double mpk = m[3 * p + k], mqk = m[3 * q + k];
            m[3 * p + k] = c * mpk - s * mqk;
            m[3 * q + k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < 3; k++) {
            double okp = o[3 * k + p], okq = o[3 * k + q];
            o[3 * k + p] = c * okp - s * okq;
            o[3 * k + q] = s * okp + c * okq;
        }
    }

    /** y = A·x for each of the n 3-vectors packed in x [3n]. */
    static double[] applyRows(double[] a, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i += 3) {
            for (int r = 0; r < 3; r++) y[i + r] = a[3 * r] * x[i] + a[3 * r + 1] * x[i + 1] + a[3 * r + 2] * x[i + 2];
        }
        return y;
    }

    static double trace(double[] a) { return a[0] + a[4] + a[8]; }
}
