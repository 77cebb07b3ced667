package org.polymorph.optimizers.constrained;

/**
 * Test problems with known optima: Hock and Schittkowski, "Test Examples for Nonlinear Programming
 * Codes" (Lecture Notes in Economics and Mathematical Systems 187, 1981), problems 21, 35, 71, 76, and
 * the Rosenbrock function on the unit disk. Each is written out with its exact gradient.
 */
final class HockSchittkowski {
    private HockSchittkowski() { }

    /** A problem with its start point and known solution. */
    record Case(String name, ConstrainedProblem problem, double[] x0, double[] xStar, double fStar) { }

    /** HS 21: min 0.01 x1^2 + x2^2 - 100, 10 x1 - x2 - 10 &ge; 0, 2 &le; x1 &le; 50, -50 &le; x2 &le; 50; the start (-1, -1) is infeasible. */
    static Case hs21() {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) { return 0.01 * x[0] * x[0] + x[1] * x[1] - 100; }
            public void gradient(double[] x, double[] g) { g[0] = 0.02 * x[0]; g[1] = 2 * x[1]; }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = 10 * x[0] - x[1] - 10; }
            public void inequalityJacobian(double[] x, double[][] j) { j[0][0] = 10; j[0][1] = -1; }
            public double[] lower() { return new double[] {2, -50}; }
            public double[] upper() { return new double[] {50, 50}; }
        };
        return new Case("hs21", p, new double[] {-1, -1}, new double[] {2, 0}, -99.96);
    }

    /** HS 35 (Beale): a convex quadratic, 3 - x1 - x2 - 2 x3 &ge; 0, x &ge; 0. */
    static Case hs35() {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 3; }
            public double value(double[] x) {
                return 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] * x[0] + 2 * x[1] * x[1] + x[2] * x[2]
                        + 2 * x[0] * x[1] + 2 * x[0] * x[2];
            }
            public void gradient(double[] x, double[] g) {
                g[0] = -8 + 4 * x[0] + 2 * x[1] + 2 * x[2];
                g[1] = -6 + 4 * x[1] + 2 * x[0];
                g[2] = -4 + 2 * x[2] + 2 * x[0];
            }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = 3 - x[0] - x[1] - 2 * x[2]; }
            public void inequalityJacobian(double[] x, double[][] j) { j[0][0] = -1; j[0][1] = -1; j[0][2] = -2; }
            public double[] lower() { return new double[] {0, 0, 0}; }
        };
        return new Case("hs35", p, new double[] {0.5, 0.5, 0.5}, new double[] {4.0 / 3, 7.0 / 9, 4.0 / 9}, 1.0 / 9);
    }

    /** HS 71: min x1 x4 (x1 + x2 + x3) + x3, x1 x2 x3 x4 &ge; 25, |x|^2 = 40, 1 &le; x &le; 5. */
    static Case hs71() {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 4; }
            public double value(double[] x) { return x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2]; }
            public void gradient(double[] x, double[] g) {
                g[0] = x[3] * (2 * x[0] + x[1] + x[2]);
                g[1] = x[0] * x[3];
                g[2] = x[0] * x[3] + 1;
                g[3] = x[0] * (x[0] + x[1] + x[2]);
            }
            public int equalityCount() { return 1; }
            public void equalities(double[] x, double[] h) { h[0] = x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3] - 40; }
            public void equalityJacobian(double[] x, double[][] j) { for (int i = 0; i < 4; i++) j[0][i] = 2 * x[i]; }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = x[0] * x[1] * x[2] * x[3] - 25; }
            public void inequalityJacobian(double[] x, double[][] j) {
                j[0][0] = x[1] * x[2] * x[3];
                j[0][1] = x[0] * x[2] * x[3];
                j[0][2] = x[0] * x[1] * x[3];
                j[0][3] = x[0] * x[1] * x[2];
            }
            public double[] lower() { return new double[] {1, 1, 1, 1}; }
            public double[] upper() { return new double[] {5, 5, 5, 5}; }
        };
        // x* and f* from the KKT system solved to 1e-12 (HS report: 1, 4.7429994, 3.8211503, 1.3794082; 17.0140173)
        return new Case("hs71", p, new double[] {1, 5, 5, 1},
                new double[] {1, 4.742999643, 3.821149977, 1.379408294}, 17.014017289);
    }

    /** HS 76: a convex quadratic with three linear inequalities and x &ge; 0; x* = (3/11, 23/11, 0, 6/11). */
    static Case hs76() {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 4; }
            public double value(double[] x) {
                return x[0] * x[0] + 0.5 * x[1] * x[1] + x[2] * x[2] + 0.5 * x[3] * x[3] - x[0] * x[2] + x[2] * x[3]
                        - x[0] - 3 * x[1] + x[2] - x[3];
            }
            public void gradient(double[] x, double[] g) {
                g[0] = 2 * x[0] - x[2] - 1;
                g[1] = x[1] - 3;
                g[2] = 2 * x[2] - x[0] + x[3] + 1;
                g[3] = x[3] + x[2] - 1;
            }
            public int inequalityCount() { return 3; }
            public void inequalities(double[] x, double[] c) {
                c[0] = 5 - x[0] - 2 * x[1] - x[2] - x[3];
                c[1] = 4 - 3 * x[0] - x[1] - 2 * x[2] + x[3];
                c[2] = x[1] + 4 * x[2] - 1.5;
            }
            public void inequalityJacobian(double[] x, double[][] j) {
                double[][] a = {{-1, -2, -1, -1}, {-3, -1, -2, 1}, {0, 1, 4, 0}};
                for (int r = 0; r < 3; r++) System.arraycopy(a[r], 0, j[r], 0, 4);
            }
            public double[] lower() { return new double[] {0, 0, 0, 0}; }
        };
        return new Case("hs76", p, new double[] {0.5, 0.5, 0.5, 0.5},
                new double[] {3.0 / 11, 23.0 / 11, 0, 6.0 / 11}, -103.0 / 22);
    }

    /**
     * Rosenbrock's function on the unit disk 1 - x1^2 - x2^2 &ge; 0 with bounds [-2, upper1] x [-2, 2], from (-1.2, 1).
     * With upper1 = 2 the disk is active at x* = (0.7864151542, 0.6176983125) (KKT system solved to 1e-12);
     * with upper1 = 0.5 the bound is active instead and x* = (0.5, 0.25), f* = 0.25.
     */
    static Case rosenbrockDisk(double upper1) {
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return 2; }
            public double value(double[] x) {
                double a = x[1] - x[0] * x[0];
                double b = 1 - x[0];
                return 100 * a * a + b * b;
            }
            public void gradient(double[] x, double[] g) {
                double a = x[1] - x[0] * x[0];
                g[0] = -400 * x[0] * a - 2 * (1 - x[0]);
                g[1] = 200 * a;
            }
            public int inequalityCount() { return 1; }
            public void inequalities(double[] x, double[] c) { c[0] = 1 - x[0] * x[0] - x[1] * x[1]; }
            public void inequalityJacobian(double[] x, double[][] j) { j[0][0] = -2 * x[0]; j[0][1] = -2 * x[1]; }
            public double[] lower() { return new double[] {-2, -2}; }
            public double[] upper() { return new double[] {upper1, 2}; }
        };
        return upper1 >= 1
                ? new Case("rosen_disk", p, new double[] {-1.2, 1}, new double[] {0.7864151542, 0.6176983125}, 0.0456748087)
                : new Case("rosen_bound", p, new double[] {-1.2, 1}, new double[] {0.5, 0.25}, 0.25);
    }

    /**
     * 16 variables (the size of deltapv's perovskite design): f = 0.1 sum_i exp(a_i x_i) + 0.5 x'Qx - t'x with
     * Q tridiagonal (2 on the diagonal, -0.5 beside), t_i = 1 + 0.1 i, a_i = 0.3 + 0.05 i; five block sums
     * 3 - (x_3k + ... + x_3k+3) &ge; 0 and -1 &le; x &le; 0.85, from 0. At the optimum all five block
     * constraints and five upper bounds are active. No closed form: checked by KKT and against scipy.
     */
    static Case blocks16() {
        int n = 16;
        ConstrainedProblem p = new ConstrainedProblem() {
            public int dimension() { return n; }
            public double value(double[] x) {
                double f = 0;
                for (int i = 0; i < n; i++) {
                    f += 0.1 * Math.exp((0.3 + 0.05 * i) * x[i]) + x[i] * x[i] - (1 + 0.1 * i) * x[i];
                    if (i + 1 < n) f -= 0.5 * x[i] * x[i + 1];
                }
                return f;
            }
            public void gradient(double[] x, double[] g) {
                for (int i = 0; i < n; i++) {
                    double ai = 0.3 + 0.05 * i;
                    g[i] = 0.1 * ai * Math.exp(ai * x[i]) + 2 * x[i] - (1 + 0.1 * i);
                    if (i > 0) g[i] -= 0.5 * x[i - 1];
                    if (i + 1 < n) g[i] -= 0.5 * x[i + 1];
                }
            }
            public int inequalityCount() { return 5; }
            public void inequalities(double[] x, double[] c) {
                for (int k = 0; k < 5; k++) c[k] = 3 - x[3 * k] - x[3 * k + 1] - x[3 * k + 2] - x[3 * k + 3];
            }
            public void inequalityJacobian(double[] x, double[][] j) {
                for (int k = 0; k < 5; k++) {
                    java.util.Arrays.fill(j[k], 0);
                    for (int i = 3 * k; i < 3 * k + 4; i++) j[k][i] = -1;
                }
            }
            public double[] lower() {
                double[] l = new double[n];
                java.util.Arrays.fill(l, -1);
                return l;
            }
            public double[] upper() {
                double[] u = new double[n];
                java.util.Arrays.fill(u, 0.85);
                return u;
            }
        };
        return new Case("blocks16", p, new double[n], null, Double.NaN);
    }
}
