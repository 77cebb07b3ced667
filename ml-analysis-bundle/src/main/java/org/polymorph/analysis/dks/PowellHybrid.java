package org.polymorph.analysis.dks;

import java.util.function.Function;

/**
 * Solves F(x) = 0 for small square systems by Powell's hybrid method as MINPACK's hybrd runs it (Moré, Garbow &amp;
 * Hillstrom 1980; scipy.optimize.root(method="hybr") calls it): a forward-difference Jacobian (step √ε·|x_j|), QR
 * factorisation, a dogleg step in variables scaled by the Jacobian's column norms, a trust radius starting at
 * 100·‖D·x0‖, Broyden rank-one updates between Jacobian evaluations (a new one after two failed steps), and its
 * stopping tests (radius below 1.49e-8·‖D·x‖; slow progress; 200·(n + 1) evaluations). Following the same path
 * from the same start matters: the reference's parameter search keeps the first start that converges, and a start
 * such as zero shift of an odd activation is degenerate. A converged root is then polished by Newton steps with a
 * central-difference Jacobian, so that it meets the conditions to ~1e-14 rather than hybrd's 1e-8.
 * The Broyden update is applied to the explicit Jacobian and refactorised (equal, for these n ≤ 3, to hybrd's
 * Givens update of R).
 *
 * <p>One departure: a start is given up after 200 evaluations rather than hybrd's 200·(n + 1). From some starts
 * (tanh under TAT with τ = 0.2 from (1, 0, 1)) hybrd crawls through a nearly singular region where differences in
 * the last bits of the Gaussian expectations decide whether its slow-progress test stops it (scipy: after 97
 * evaluations) or it converges late (here: after 290) to the mirror-image root; with the budget, such a crawl counts
 * as failed and the search moves on to the next start, as the reference's does.
 */
final class PowellHybrid {
    private static final double EPS = Math.ulp(1.0);
    private static final double XTOL = 1.49012e-8;
    private static final int EVALUATION_BUDGET = 200;

    /** A root when {@code converged}; otherwise the last iterate. */
    record Outcome(double[] x, double[] f, boolean converged, int evaluations) { }

    private PowellHybrid() { }

    static Outcome solve(Function<double[], double[]> fn, double[] x0) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] f = fn.apply(x);
        // hybrd allows 200·(n + 1) evaluations; a start still crawling after 200 is given up (see the class doc)
        int nfev = 1, maxfev = Math.min(200 * (n + 1), EVALUATION_BUDGET);
        if (!finite(f)) return new Outcome(x, f, false, nfev);
        double fnorm = norm(f);
        double[] diag = new double[n];
        double delta = 0;
        int iter = 1, ncsuc = 0, ncfail = 0, nslow1 = 0, nslow2 = 0;
        while (true) {
            boolean jeval = true;
            double[][] jac = forwardJacobian(fn, x, f);
            nfev += n;
            double[] cols = columnNorms(jac);
            if (iter == 1) {
                for (int j = 0; j < n; j++) diag[j] = cols[j] == 0 ? 1 : cols[j];
                double xnorm = scaledNorm(diag, x);
                delta = xnorm == 0 ? 100 : 100 * xnorm;
            }
            for (int j = 0; j < n; j++) diag[j] = Math.max(diag[j], cols[j]);
            while (true) {
                double[][][] qr = qr(jac);
                double[][] q = qr[0], r = qr[1];
                double[] qtf = transposeTimes(q, f);
                double[] p = dogleg(r, diag, qtf, delta);
                for (int j = 0; j < n; j++) p[j] = -p[j];
                double[] xn = add(x, p);
                double pnorm = scaledNorm(diag, p);
                if (iter == 1) delta = Math.min(delta, pnorm);
                double[] fNew = fn.apply(xn);
                nfev++;
                if (!finite(fNew)) return new Outcome(x, f, false, nfev);
                double fnorm1 = norm(fNew);
                double actred = fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1;
                double[] rp = add(times(r, p), qtf);
                double temp = norm(rp);
                double prered = temp < fnorm ? 1 - (temp / fnorm) * (temp / fnorm) : 0;
                double ratio = prered > 0 ? actred / prered : 0;
                if (ratio < 0.1) {
                    ncsuc = 0;
                    ncfail++;
                    delta *= 0.5;
                } else {
                    ncfail = 0;
                    ncsuc++;
                    if (ratio >= 0.5 || ncsuc > 1) delta = Math.max(delta, pnorm / 0.5);
                    if (Math.abs(ratio - 1) <= 0.1) delta = pnorm / 0.5;
                }
                double[] fOld = f;
                if (ratio >= 1e-4) {
                    x = xn;
                    f = fNew;
                    fnorm = fnorm1;
                    iter++;
                }
                double xnorm = scaledNorm(diag, x);
                nslow1 = actred >= 0.001 ? 0 : nslow1 + 1;
                if (jeval) nslow2++;
                if (actred >= 0.1) nslow2 = 0;
                if (delta <= XTOL * xnorm || fnorm == 0) return new Outcome(polish(fn, x), f, true, nfev);
                if (nfev >= maxfev || 0.1 * Math.max(0.1 * delta, pnorm) <= EPS * xnorm || nslow2 == 5 || nslow1 == 10) {
                    return new Outcome(x, f, false, nfev);
                }
                if (ncfail == 2) break;
                // Broyden: J += (F(x + p) − F(x) − J·p)(D²p)ᵀ/‖D·p‖²
                double[] jp = times(jac, p);
                for (int i = 0; i < n; i++) {
                    double u = (fNew[i] - fOld[i] - jp[i]) / pnorm;
                    for (int j = 0; j < n; j++) jac[i][j] += u * diag[j] * (diag[j] * p[j] / pnorm);
                }
                jeval = false;
            }
        }
    }

    /** MINPACK's dogleg for R·x = qtb in the scaled norm ‖D·x‖ ≤ delta (the Gauss–Newton step when inside). */
    private static double[] dogleg(double[][] r, double[] diag, double[] qtb, double delta) {
        int n = qtb.length;
        double[] x = new double[n];
        for (int j = n - 1; j >= 0; j--) {
            double sum = 0;
            for (int i = j + 1; i < n; i++) sum += r[j][i] * x[i];
            double t = r[j][j];
            if (t == 0) {
                for (int i = 0; i <= j; i++) t = Math.max(t, Math.abs(r[i][j]));
                t = EPS * t;
                if (t == 0) t = EPS;
            }
            x[j] = (qtb[j] - sum) / t;
        }
        double qnorm = scaledNorm(diag, x);
        if (qnorm <= delta) return x;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) g[i] += r[j][i] * qtb[j];
            g[i] /= diag[i];
        }
        double gnorm = norm(g), sgnorm = 0, alpha = delta / qnorm;
        if (gnorm != 0) {
            for (int j = 0; j < n; j++) g[j] = (g[j] / gnorm) / diag[j];
            double t = norm(times(r, g));
            sgnorm = (gnorm / t) / t;
            alpha = 0;
            if (sgnorm < delta) {
                double bnorm = norm(qtb);
                double dq = delta / qnorm, sd = sgnorm / delta;
                double u = (bnorm / gnorm) * (bnorm / qnorm) * sd;
                u = u - dq * sd * sd + Math.sqrt((u - dq) * (u - dq) + (1 - dq * dq) * (1 - sd * sd));
                alpha = dq * (1 - sd * sd) / u;
            }
        }
        double t = (1 - alpha) * Math.min(sgnorm, delta);
        for (int j = 0; j < n; j++) x[j] = t * g[j] + alpha * x[j];
        return x;
    }

    /** Up to eight Newton steps with a central-difference Jacobian, kept while ‖F‖ falls. */
    private static double[] polish(Function<double[], double[]> fn, double[] x0) {
        double[] x = x0.clone();
        double[] f = fn.apply(x);
        for (int it = 0; it < 8 && norm(f) > 0; it++) {
            double[][] jac = new double[f.length][x.length];
            for (int j = 0; j < x.length; j++) {
                double h = 1e-5 * Math.max(Math.abs(x[j]), 1e-3);
                double[] xp = x.clone(), xm = x.clone();
                xp[j] += h;
                xm[j] -= h;
                double[] fp = fn.apply(xp), fm = fn.apply(xm);
                for (int i = 0; i < f.length; i++) jac[i][j] = (fp[i] - fm[i]) / (xp[j] - xm[j]);
            }
            double[][][] qr = qr(jac);
            double[] step = backSolve(qr[1], transposeTimes(qr[0], f));
            if (step == null) break;
            double[] xn = add(x, scale(step, -1));
            double[] fNew = fn.apply(xn);
            if (!finite(fNew) || norm(fNew) >= norm(f)) break;
            x = xn;
            f = fNew;
        }
        return x;
    }

    /** Householder QR of a square matrix: {Q, R} with A = Q·R. */
    static double[][][] qr(double[][] a0) {
        int n = a0.length;
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) r[i] = a0[i].clone();
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) q[i][i] = 1;
        for (int k = 0; k < n - 1; k++) {
            double alpha = 0;
            for (int i = k; i < n; i++) alpha += r[i][k] * r[i][k];
            alpha = Math.sqrt(alpha);
            if (alpha == 0) continue;
            if (r[k][k] > 0) alpha = -alpha;
            double[] v = new double[n];
            for (int i = k; i < n; i++) v[i] = r[i][k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = k; i < n; i++) s += v[i] * r[i][j];
                for (int i = k; i < n; i++) r[i][j] -= 2 * s / vv * v[i];
            }
            for (int i = 0; i < n; i++) {          // Q ← Q·H
                double s = 0;
                for (int l = k; l < n; l++) s += q[i][l] * v[l];
                for (int l = k; l < n; l++) q[i][l] -= 2 * s / vv * v[l];
            }
        }
        for (int i = 1; i < n; i++) for (int j = 0; j < i; j++) r[i][j] = 0;
        return new double[][][] {q, r};
    }

    private static double[] backSolve(double[][] r, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= r[i][j] * x[j];
            if (r[i][i] == 0) return null;
            x[i] = s / r[i][i];
        }
        return finite(x) ? x : null;
    }

    /** Forward differences with MINPACK's step h = √ε·|x_j| (√ε when x_j = 0). */
    private static double[][] forwardJacobian(Function<double[], double[]> fn, double[] x, double[] f) {
        int n = x.length;
        double[][] jac = new double[f.length][n];
        double eps = Math.sqrt(EPS);
        for (int j = 0; j < n; j++) {
            double h = eps * Math.abs(x[j]);
            if (h == 0) h = eps;
            double[] xp = x.clone();
            xp[j] += h;
            double[] fp = fn.apply(xp);
            for (int i = 0; i < f.length; i++) jac[i][j] = (fp[i] - f[i]) / h;
        }
        return jac;
    }

    private static double[] columnNorms(double[][] jac) {
        double[] c = new double[jac[0].length];
        for (double[] row : jac) for (int j = 0; j < c.length; j++) c[j] += row[j] * row[j];
        for (int j = 0; j < c.length; j++) c[j] = Math.sqrt(c[j]);
        return c;
    }

    private static boolean finite(double[] v) {
        for (double d : v) if (!Double.isFinite(d)) return false;
        return true;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < v.length; j++) out[i] += m[i][j] * v[j];
        return out;
    }

    private static double[] transposeTimes(double[][] m, double[] v) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < out.length; j++) out[j] += m[i][j] * v[i];
        return out;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    private static double scaledNorm(double[] d, double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += d[i] * d[i] * a[i] * a[i];
        return Math.sqrt(s);
    }

    private static double[] add(double[] a, double[] b) {
        double[] o = a.clone();
        for (int i = 0; i < o.length; i++) o[i] += b[i];
        return o;
    }

    private static double[] scale(double[] a, double s) {
        double[] o = a.clone();
        for (int i = 0; i < o.length; i++) o[i] *= s;
        return o;
    }
}
