package org.polymorph.materials.patchy;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Mass action for monomers of T types and K cluster species: cluster k (n_kt bodies of type t) has concentration
 * c_k = K_k Π_t m_t^{n_kt}, m_t the free-monomer concentration, and every type is conserved,
 * m_t + Σ_k n_kt c_k = C_t. Solved for u = log m by Newton on the convex Φ(u) = Σ_t e^{u_t} + Σ_k c_k(u) − Σ_t C_t u_t,
 * whose gradient is the conservation residual; differentiated in log K by the implicit function theorem. The
 * infinite-volume limit of {@link CanonicalEnsemble}.
 */
public final class MassAction {
    private static final int MAX_ITERATIONS = 500;
    /** Relative conservation residual and Newton step in log m below which the solve has converged. */
    private static final double RESIDUAL = 1e-14, STEP = 1e-12;
    private final AD ad;
    private final double[][] counts;
    private final double[] total;

    /** {@code counts} [K][T] bodies of each type per cluster; {@code total} [T] C_t, concentrations (bodies per volume). */
    public MassAction(AD ad, double[][] counts, double[] total) {
        this.ad = ad;
        this.counts = counts;
        this.total = total.clone();
    }

    /**
     * Shares of all bodies [T + K] for log K [K] (plain numbers): free monomers of each type, then the bodies in each
     * species (n_k c_k / Σ_t C_t).
     */
    public double[] shares(double[] logK) {
        double[] u = solve(logK), c = clusters(logK, u);
        int t = total.length;
        double all = 0;
        for (double v : total) all += v;
        double[] out = new double[t + c.length];
        for (int s = 0; s < t; s++) out[s] = Math.exp(u[s]) / all;
        for (int a = 0; a < c.length; a++) {
            double size = 0;
            for (double v : counts[a]) size += v;
            out[t + a] = size * c[a] / all;
        }
        return out;
    }

    /** log m [T] for log K [K], differentiable in log K. */
    Var logMonomers(Var logK) {
        Ops o = ad.ops();
        int t = total.length, k = counts.length;
        double[] flat = new double[k * t];
        for (int a = 0; a < k; a++) System.arraycopy(counts[a], 0, flat, a * t, t);
        Var n = o.constant(flat, k, t);
        Var c = o.constant(total, t);
        return Implicit.root(ad, (u, lk) -> {
            Var clusters = o.exp(o.add(lk, o.reshape(o.matmul(n, o.reshape(u, t, 1)), k)));
            Var bound = o.reshape(o.matmul(o.transpose(n, 1, 0), o.reshape(clusters, k, 1)), t);
            return o.div(o.sub(o.add(o.exp(u), bound), c), c);
        }, lk -> o.constant(solve(o.tensors().toDoubleArray(lk.value())), t), logK, Implicit.LinearSolve.DENSE);
    }

    /**
     * Newton with step halving on Φ; u starts at log C_t lowered until no cluster alone exceeds the smallest total
     * (u_t ≤ (log min C − log K_k)/n_k for every k that holds type t), so that huge K start near the answer.
     */
    double[] solve(double[] logK) {
        int t = total.length;
        double[] u = new double[t];
        double logMin = Double.POSITIVE_INFINITY;
        for (double c : total) logMin = Math.min(logMin, Math.log(c));
        for (int s = 0; s < t; s++) {
            u[s] = Math.log(total[s]);
            for (int a = 0; a < counts.length; a++) {
                double n = 0;
                for (double v : counts[a]) n += v;
                if (counts[a][s] > 0) u[s] = Math.min(u[s], (logMin - logK[a]) / n);
            }
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] c = clusters(logK, u);
            double[] g = new double[t];
            double[][] h = new double[t][t];
            double gmax = 0;
            for (int s = 0; s < t; s++) {
                g[s] = Math.exp(u[s]) - total[s];
                h[s][s] = Math.exp(u[s]);
                for (int a = 0; a < c.length; a++) {
                    g[s] += counts[a][s] * c[a];
                    for (int r = 0; r < t; r++) h[s][r] += counts[a][s] * counts[a][r] * c[a];
                }
                gmax = Math.max(gmax, Math.abs(g[s]) / total[s]);
            }
            if (gmax < RESIDUAL) return u;
            double[] step = solve(h, g);
            double largest = 0;
            for (double v : step) largest = Math.max(largest, Math.abs(v));
            // log K + n·u cancels to about |log K|·1e-16, so the residual floor grows with log K: stop on a vanishing step too
            if (largest < STEP && gmax < 1e-8) return u;
            double phi = phi(logK, u);
            double lambda = 1;
            while (true) {
                double[] trial = new double[t];
                for (int s = 0; s < t; s++) trial[s] = u[s] - lambda * step[s];
                if (phi(logK, trial) <= phi + 1e-15 * Math.abs(phi) || lambda < 1e-12) {
                    u = trial;
                    break;
                }
                lambda /= 2;
            }
        }
        throw new ArithmeticException("mass action: no convergence in " + MAX_ITERATIONS + " Newton steps (log K up to " + max(logK) + ")");
    }

    private double[] clusters(double[] logK, double[] u) {
        double[] c = new double[counts.length];
        for (int a = 0; a < c.length; a++) {
            double e = logK[a];
            for (int s = 0; s < u.length; s++) e += counts[a][s] * u[s];
            c[a] = Math.exp(e);
        }
        return c;
    }

    private double phi(double[] logK, double[] u) {
        double p = 0;
        for (int s = 0; s < u.length; s++) p += Math.exp(u[s]) - total[s] * u[s];
        for (double c : clusters(logK, u)) p += c;
        return p;
    }

    /** Solves h x = g (h [t][t] symmetric positive definite) on the engine's tensors. */
    private double[] solve(double[][] h, double[] g) {
        Ops o = ad.ops();
        int n = g.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(h[i], 0, flat, i * n, n);
        return o.tensors().toDoubleArray(o.solve(o.constant(flat, n, n), o.constant(g, n, 1)).value());
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) m = Math.max(m, v);
        return m;
    }
}
