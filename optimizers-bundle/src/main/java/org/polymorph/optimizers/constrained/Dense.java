package org.polymorph.optimizers.constrained;

/** Small dense linear algebra on double[] and double[][] (row-major) for the SQP solver. */
final class Dense {
    private Dense() { }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double normInf(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double norm2(double[] a) { return Math.sqrt(dot(a, a)); }

    /** m x (vector): m is [rows][cols], v has length cols. */
    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = dot(m[i], v);
        return out;
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    /** Lower Cholesky factor of a symmetric positive definite matrix, or null when it is not. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
            if (!(s > 0)) return null;
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
                l[i][j] = t / l[j][j];
            }
        }
        return l;
    }

    /** Inverse of a symmetric positive definite matrix by Cholesky; the diagonal is lifted if it is not. */
    static double[][] inverseSpd(double[][] a) {
        int n = a.length;
        double[][] l = cholesky(a);
        double shift = 1e-12 * Math.max(1e-300, maxDiag(a));
        while (l == null) {
            double[][] b = new double[n][];
            for (int i = 0; i < n; i++) {
                b[i] = a[i].clone();
                b[i][i] += shift;
            }
            l = cholesky(b);
            shift *= 10;
        }
        double[][] inv = new double[n][n];
        double[] e = new double[n];
        for (int col = 0; col < n; col++) {
            java.util.Arrays.fill(e, 0);
            e[col] = 1;
            double[] x = cholSolve(l, e);
            for (int i = 0; i < n; i++) inv[i][col] = x[i];
        }
        return inv;
    }

    private static double maxDiag(double[][] a) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i][i]));
        return m;
    }

    private static double[] cholSolve(double[][] l, double[] b) {
        int n = l.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * y[k];
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Solves m x = rhs by Gaussian elimination with partial pivoting (m is square, copied). */
    static double[] solve(double[][] m, double[] rhs) {
        int n = rhs.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double[] x = rhs.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) piv = i;
            double[] tr = a[col]; a[col] = a[piv]; a[piv] = tr;
            double tx = x[col]; x[col] = x[piv]; x[piv] = tx;
            double p = a[col][col];
            if (p == 0) p = 1e-300;
            for (int i = col + 1; i < n; i++) {
                double f = a[i][col] / p;
                if (f == 0) continue;
                for (int k = col; k < n; k++) a[i][k] -= f * a[col][k];
                x[i] -= f * x[col];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= a[i][k] * x[k];
            x[i] = s / (a[i][i] == 0 ? 1e-300 : a[i][i]);
        }
        return x;
    }
}
