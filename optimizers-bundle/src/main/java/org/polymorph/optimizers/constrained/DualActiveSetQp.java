package org.polymorph.optimizers.constrained;

import java.util.ArrayList;
import java.util.List;

/**
 * The strictly convex QP min 0.5 d'G d + a'd subject to C_i d = b_i (i &lt; me) and C_i d &ge; b_i
 * (i &ge; me), by the dual active-set method of Goldfarb and Idnani (Math. Programming 27, 1983, 1-33):
 * start at the unconstrained minimum -G^-1 a and add violated constraints one at a time, dropping
 * active inequalities whose multipliers would turn negative. Each step is computed from the active
 * normals N by dense solves with G^-1 and N'G^-1 N (sizes here are tens, so no factor updates).
 * G is n x n symmetric positive definite, C is q x n (rows are constraint normals).
 */
final class DualActiveSetQp {
    /** Outcome: the minimiser d, the multipliers (G d + a = sum_i lambda_i C_i), or a failure. */
    record Solution(double[] d, double[] lambda, boolean infeasible, boolean iterationLimit) { }

    /** What {@link #add} answers when it runs out of steps (cycling from rounding), apart from -1 for infeasible. */
    private static final int STEP_LIMIT = -2;

    private final int n;
    private final double[][] ginv;

    DualActiveSetQp(double[][] g) {
        this.n = g.length;
        this.ginv = Dense.inverseSpd(g);
    }

    Solution solve(double[] a, double[][] c, double[] b, int me) {
        int q = c.length;
        double[] d = Dense.times(ginv, a);
        for (int i = 0; i < n; i++) d[i] = -d[i];
        List<Integer> act = new ArrayList<>();
        List<Double> sign = new ArrayList<>();
        List<Double> u = new ArrayList<>();
        double[] norms = new double[q];
        for (int i = 0; i < q; i++) norms[i] = Math.sqrt(Dense.dot(c[i], c[i]));
        int maxSteps = 3 * (n + q) + 10;
        int steps = 0;
        for (int p = 0; p < me; p++) {
            double s = Dense.dot(c[p], d) - b[p];
            double tol = 1e-12 * (1 + Math.abs(b[p]) + norms[p] * Dense.normInf(d));
            if (norms[p] == 0) {
                if (Math.abs(s) > tol) return new Solution(d, null, true, false);
                continue;
            }
            int r = add(p, s > 0 ? -1 : 1, true, c, b, me, d, act, sign, u, tol);
            if (r == STEP_LIMIT) return new Solution(d, null, false, true);
            if (r < 0) return new Solution(d, null, true, false);
            steps += r;
        }
        while (true) {
            int worst = -1;
            double worstS = 0;
            for (int p = me; p < q; p++) {
                double s = Dense.dot(c[p], d) - b[p];
                double tol = 1e-11 * (1 + Math.abs(b[p]) + norms[p] * Dense.normInf(d));
                if (s < -tol && (norms[p] == 0 ? s : s / norms[p]) < worstS) {
                    worstS = norms[p] == 0 ? s : s / norms[p];
                    worst = p;
                }
            }
            if (worst < 0) break;
            if (norms[worst] == 0 || act.contains(worst)) return new Solution(d, null, true, false);
            int r = add(worst, 1, false, c, b, me, d, act, sign, u, 0);
            if (r == STEP_LIMIT) return new Solution(d, null, false, true);
            if (r < 0) return new Solution(d, null, true, false);
            steps += r;
            if (steps > maxSteps) return new Solution(d, null, false, true);
        }
        double[] lambda = new double[q];
        for (int k = 0; k < act.size(); k++) lambda[act.get(k)] = sign.get(k) * u.get(k);
        return new Solution(d, lambda, false, false);
    }

    /**
     * Makes constraint p (normal sgn*C_p, with sgn*(C_p d - b_p) &le; 0) active, moving d and the
     * multipliers u; the number of steps taken, -1 when no step can satisfy it (infeasible), or
     * {@link #STEP_LIMIT}.
     */
    private int add(int p, double sgn, boolean equality, double[][] c, double[] b, int me, double[] d,
                    List<Integer> act, List<Double> sign, List<Double> u, double redundantTol) {
        double[] np = new double[n];
        for (int i = 0; i < n; i++) np[i] = sgn * c[p][i];
        double up = 0;
        int steps = 0;
        while (true) {
            steps++;
            if (steps > 3 * (n + c.length) + 10) return STEP_LIMIT;
            double s = Dense.dot(np, d) - sgn * b[p];
            int k = act.size();
            double[][] nn = new double[k][];
            for (int j = 0; j < k; j++) {
                double[] row = new double[n];
                for (int i = 0; i < n; i++) row[i] = sign.get(j) * c[act.get(j)][i];
                nn[j] = row;
            }
            // z = H n_p (primal direction), r = N* n_p (dual direction), H and N* of Goldfarb-Idnani eq. (4.1)
            double[] gn = Dense.times(ginv, np);
            double[] r = new double[k];
            double[] z = gn.clone();
            if (k > 0) {
                double[][] ginvN = new double[k][];
                for (int j = 0; j < k; j++) ginvN[j] = Dense.times(ginv, nn[j]);
                double[][] m = new double[k][k];
                double[] rhs = new double[k];
                for (int j = 0; j < k; j++) {
                    for (int l = 0; l < k; l++) m[j][l] = Dense.dot(nn[j], ginvN[l]);
                    rhs[j] = Dense.dot(ginvN[j], np);
                }
                r = Dense.solve(m, rhs);
                for (int j = 0; j < k; j++) for (int i = 0; i < n; i++) z[i] -= r[j] * ginvN[j][i];
            }
            double t1 = Double.POSITIVE_INFINITY;
            int drop = -1;
            for (int j = 0; j < k; j++) {
                if (act.get(j) < me || r[j] <= 1e-14) continue;
                double ratio = u.get(j) / r[j];
                if (ratio < t1) {
                    t1 = ratio;
                    drop = j;
                }
            }
            double zn = Dense.dot(z, np);
            double t2 = zn > 1e-14 * Dense.dot(np, gn) ? -s / zn : Double.POSITIVE_INFINITY;
            if (t2 == Double.POSITIVE_INFINITY && equality && Math.abs(s) <= redundantTol && drop < 0) {
                return steps; // a redundant equality, already satisfied
            }
            double t = Math.min(t1, t2);
            if (t == Double.POSITIVE_INFINITY) return -1;
            for (int j = 0; j < k; j++) u.set(j, u.get(j) - t * r[j]);
            up += t;
            if (t2 < Double.POSITIVE_INFINITY) for (int i = 0; i < n; i++) d[i] += t * z[i];
            if (t2 <= t1) {
                act.add(p);
                sign.add(sgn);
                u.add(up);
                return steps;
            }
            act.remove(drop);
            sign.remove(drop);
            u.remove(drop);
        }
    }
}
