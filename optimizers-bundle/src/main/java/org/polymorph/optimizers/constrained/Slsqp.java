package org.polymorph.optimizers.constrained;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.core.method.BadInputException;
import org.polymorph.optimizers.constrained.SlsqpResult.Status;

/**
 * Sequential quadratic programming as Kraft's SLSQP (DFVLR-FB 88-28, 1988) and scipy's
 * {@code minimize(method='SLSQP')}: per iteration, the QP
 * min 0.5 d'B d + g'd s.t. h + A_e d = 0, c + A_i d &ge; 0, lower &le; x + d &le; upper,
 * with B a Powell-damped BFGS approximation of the Hessian of the Lagrangian (Powell 1978), solved
 * by {@link DualActiveSetQp}; when the linearised constraints are incompatible, Kraft's relaxation
 * (an extra variable s in [0, 1] scaling the violated constraints, penalised by 0.5 rho s^2) is
 * solved instead. The step length comes from a backtracking search on the L1 merit function
 * f + sum_j mu_j |h_j| + sum_j mu_j max(0, -c_j) with Kraft's update of the penalties mu.
 * Stopping is scipy's: |f_k - f_k+1| &lt; tolerance (or a step shorter than it) with a summed
 * violation &lt; tolerance, or a QP optimality measure |g'd| + sum |lambda_j g_j| &lt; tolerance.
 *
 * <p>Immutable; the setters return a copy. Defaults as scipy: 100 iterations, tolerance 1e-6.
 */
public final class Slsqp {
    /** Called after each accepted iteration. */
    @ConsumerType
    @FunctionalInterface
    public interface Callback {
        /**
         * @param iteration 1-based iteration count (scipy's nit so far)
         * @param x the new point (a copy)
         * @param f f(x)
         * @param evaluations function evaluations so far
         */
        void iteration(int iteration, double[] x, double f, int evaluations);
    }

    /** Weight of the relaxation variable s in the relaxed QP (Kraft's rho). */
    private static final double RELAX_WEIGHT = 100.0;
    /** Sufficient-decrease fraction of the merit line search (Kraft's eta). */
    private static final double ARMIJO = 0.1;
    private static final int LINE_SEARCH_STEPS = 10;
    /** |x|_inf beyond this times max(1, |x0|_inf) with f still falling is reported as unbounded. */
    private static final double UNBOUNDED_SCALE = 1e12;

    private final int maxIterations;
    private final double tolerance;
    private final Callback callback;
    private final BooleanSupplier cancelled;

    private Slsqp(int maxIterations, double tolerance, Callback callback, BooleanSupplier cancelled) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.callback = callback;
        this.cancelled = cancelled;
    }

    /** 100 iterations, tolerance 1e-6, no callback, never cancelled. */
    public static Slsqp defaults() { return new Slsqp(100, 1e-6, null, () -> false); }

    /** The most major iterations (scipy's {@code maxiter}); at least 1. */
    public Slsqp maxIterations(int n) {
        if (n < 1) {
            throw new BadInputException("maxIterations = " + n + " is invalid; give an integer >= 1 (100 is scipy's default)",
                    "maxIterations", String.valueOf(n), "an integer >= 1");
        }
        return new Slsqp(n, tolerance, callback, cancelled);
    }

    /** The stopping tolerance on f and on the summed constraint violation (scipy's {@code ftol}); &gt; 0. */
    public Slsqp tolerance(double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new BadInputException("tolerance = " + t + " is invalid; give a finite number > 0 (1e-6 is scipy's default)",
                    "tolerance", String.valueOf(t), "a finite number > 0");
        }
        return new Slsqp(maxIterations, t, callback, cancelled);
    }

    /** A callback per accepted iteration, or null for none. */
    public Slsqp callback(Callback c) { return new Slsqp(maxIterations, tolerance, c, cancelled); }

    /** Checked once per iteration; when it answers true the run stops with {@link Status#CANCELLED}. */
    public Slsqp cancellation(BooleanSupplier c) {
        return new Slsqp(maxIterations, tolerance, callback, c == null ? () -> false : c);
    }

    /**
     * Minimises the problem from x0 (clipped into the bounds first, as scipy).
     *
     * @throws BadInputException when x0's length is not n or a lower bound exceeds its upper bound
     */
    public SlsqpResult minimize(ConstrainedProblem problem, double[] x0) {
        return new Run(problem, x0).solve();
    }

    /** The state of one minimisation. */
    private final class Run {
        final ConstrainedProblem p;
        final int n;
        final int me;
        final int mi;
        final double[] lo;
        final double[] hi;
        final double[] x;
        double f;
        final double[] g;
        final double[] h;
        final double[] c;
        final double[][] ae;
        final double[][] ai;
        int nfev;
        int njev;
        int iterations;

        Run(ConstrainedProblem problem, double[] x0) {
            this.p = problem;
            this.n = problem.dimension();
            if (x0 == null || x0.length != n) {
                String got = x0 == null ? "null" : String.valueOf(x0.length);
                throw new BadInputException("x0 has length " + got + " but the problem has " + n
                        + " variables; give one start value per variable", "x0", got, "an array of length " + n);
            }
            this.me = problem.equalityCount();
            this.mi = problem.inequalityCount();
            this.lo = bounds(problem.lower(), Double.NEGATIVE_INFINITY, "lower");
            this.hi = bounds(problem.upper(), Double.POSITIVE_INFINITY, "upper");
            for (int i = 0; i < n; i++) {
                if (lo[i] > hi[i]) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "bounds of variable %d are lower = %g > upper = %g; give lower <= upper", i, lo[i], hi[i]),
                            "lower", String.valueOf(lo[i]), "lower <= upper = " + hi[i]);
                }
            }
            this.x = x0.clone();
            clip(x);
            this.g = new double[n];
            this.h = new double[me];
            this.c = new double[mi];
            this.ae = new double[me][n];
            this.ai = new double[mi][n];
        }

        private double[] bounds(double[] b, double none, String name) {
            if (b == null) {
                double[] out = new double[n];
                Arrays.fill(out, none);
                return out;
            }
            if (b.length != n) {
                throw new BadInputException(name + " bounds have length " + b.length + " but the problem has " + n
                        + " variables; give one bound per variable (infinite for none)", name,
                        String.valueOf(b.length), "an array of length " + n);
            }
            for (double v : b) {
                if (Double.isNaN(v)) {
                    throw new BadInputException(name + " bound NaN is invalid; give a number or an infinity for none",
                            name, "NaN", "a number or an infinity");
                }
            }
            return b.clone();
        }

        private void clip(double[] v) {
            for (int i = 0; i < n; i++) v[i] = Math.min(hi[i], Math.max(lo[i], v[i]));
        }

        /** f and constraints at y into the arrays given; counts one function evaluation. */
        private double evaluate(double[] y, double[] hOut, double[] cOut) {
            nfev++;
            double fy = p.value(y);
            if (me > 0) p.equalities(y, hOut);
            if (mi > 0) p.inequalities(y, cOut);
            return fy;
        }

        private void differentiate() {
            njev++;
            p.gradient(x, g);
            if (me > 0) p.equalityJacobian(x, ae);
            if (mi > 0) p.inequalityJacobian(x, ai);
        }

        /** Sum of violations (Kraft's h3), with mu the weights, or all ones when null. */
        private double violation(double[] hv, double[] cv, double[] mu) {
            double s = 0;
            for (int j = 0; j < me; j++) s += (mu == null ? 1 : mu[j]) * Math.abs(hv[j]);
            for (int j = 0; j < mi; j++) s += (mu == null ? 1 : mu[me + j]) * Math.max(0, -cv[j]);
            return s;
        }

        private double maxViolation(double[] hv, double[] cv) {
            double s = 0;
            for (int j = 0; j < me; j++) s = Math.max(s, Math.abs(hv[j]));
            for (int j = 0; j < mi; j++) s = Math.max(s, -cv[j]);
            return s;
        }

        private boolean finite() {
            if (!Double.isFinite(f)) return false;
            for (double v : g) if (!Double.isFinite(v)) return false;
            for (double v : h) if (!Double.isFinite(v)) return false;
            for (double v : c) if (!Double.isFinite(v)) return false;
            for (double[] r : ae) for (double v : r) if (!Double.isFinite(v)) return false;
            for (double[] r : ai) for (double v : r) if (!Double.isFinite(v)) return false;
            return true;
        }

        private SlsqpResult result(Status status, double[] lambda) {
            return new SlsqpResult(x.clone(), f, iterations, nfev, njev, status, status.message(),
                    maxViolation(h, c), lambda == null ? new double[me + mi] : lambda.clone());
        }

        SlsqpResult solve() {
            double scale0 = Math.max(1, Dense.normInf(x));
            f = evaluate(x, h, c);
            differentiate();
            if (!finite()) return result(Status.NON_FINITE, null);
            double[][] b = Dense.identity(n);
            double[] mu = new double[me + mi];
            double[] lambda = null;
            boolean firstPenalty = true;
            boolean resetTried = false;
            double[] xt = new double[n];
            double[] ht = new double[me];
            double[] ct = new double[mi];
            while (true) {
                if (cancelled.getAsBoolean()) return result(Status.CANCELLED, lambda);
                if (iterations >= maxIterations) return result(Status.ITERATION_LIMIT, lambda);
                Qp qp = subproblem(b);
                if (qp.status != null) return result(qp.status, lambda);
                double[] d = qp.d;
                lambda = qp.lambda;
                if (!resetTried) iterations++; // scipy's nit counts QP subproblems, the last (converged) one included
                // Kraft's optimality measure and penalty update (mu_j = max(|l_j|, (mu_j + |l_j|)/2))
                double h1 = Math.abs(Dense.dot(g, d));
                for (int j = 0; j < me + mi; j++) {
                    double lj = Math.abs(lambda[j]);
                    mu[j] = firstPenalty ? lj : Math.max(lj, 0.5 * (mu[j] + lj));
                    h1 += lj * Math.abs(j < me ? h[j] : c[j - me]);
                }
                firstPenalty = false;
                double h2 = violation(h, c, null);
                if (h1 < tolerance && h2 < tolerance) return result(Status.SUCCESS, lambda);
                // L1 merit and its directional derivative bound along d (d satisfies the linearisation)
                double phi0 = f + violation(h, c, mu);
                double dphi = Dense.dot(g, d) - violation(h, c, mu) * (1 - qp.relax);
                double alpha = 1;
                double ft = Double.NaN;
                boolean accepted = false;
                if (dphi < 0) {
                    for (int ls = 0; ls < LINE_SEARCH_STEPS; ls++) {
                        for (int i = 0; i < n; i++) xt[i] = x[i] + alpha * d[i];
                        clip(xt);
                        ft = evaluate(xt, ht, ct);
                        double phi = ft + violation(ht, ct, mu);
                        if (Double.isNaN(phi)) phi = Double.POSITIVE_INFINITY;
                        if (phi <= phi0 + ARMIJO * alpha * dphi) {
                            accepted = true;
                            break;
                        }
                        // minimiser of the quadratic through phi0, dphi and phi, kept in [0.1, 1] alpha
                        double quad = Double.isFinite(phi) ? -0.5 * alpha * alpha * dphi / (phi - phi0 - alpha * dphi) : 0;
                        alpha = Math.max(0.1 * alpha, Math.min(alpha, quad));
                    }
                }
                if (!accepted) {
                    if (resetTried) return result(Status.LINE_SEARCH_FAILED, lambda);
                    resetTried = true;
                    b = Dense.identity(n); // Kraft restarts from the identity when the search fails
                    continue;
                }
                resetTried = false;
                // gradient of the Lagrangian f - lambda'g at x, then at the new point, for BFGS's y
                double[] lagOld = lagrangianGradient(lambda);
                double[] s = new double[n];
                for (int i = 0; i < n; i++) s[i] = xt[i] - x[i];
                double fOld = f;
                System.arraycopy(xt, 0, x, 0, n);
                System.arraycopy(ht, 0, h, 0, me);
                System.arraycopy(ct, 0, c, 0, mi);
                f = ft;
                differentiate();
                if (!finite()) return result(Status.NON_FINITE, lambda);
                if (callback != null) callback.iteration(iterations, x.clone(), f, nfev);
                double h3 = violation(h, c, null);
                if ((Math.abs(f - fOld) < tolerance || Dense.norm2(s) < tolerance) && h3 < tolerance) {
                    return result(Status.SUCCESS, lambda);
                }
                if (Dense.normInf(x) > UNBOUNDED_SCALE * scale0 && f < fOld) return result(Status.UNBOUNDED, lambda);
                double[] lagNew = lagrangianGradient(lambda);
                double[] y = new double[n];
                for (int i = 0; i < n; i++) y[i] = lagNew[i] - lagOld[i];
                bfgs(b, s, y);
            }
        }

        private double[] lagrangianGradient(double[] lambda) {
            double[] out = g.clone();
            for (int j = 0; j < me; j++) for (int i = 0; i < n; i++) out[i] -= lambda[j] * ae[j][i];
            for (int j = 0; j < mi; j++) for (int i = 0; i < n; i++) out[i] -= lambda[me + j] * ai[j][i];
            return out;
        }

        /** Powell's damped BFGS update of b in place (Powell 1978, damping 0.2 as Kraft). */
        private void bfgs(double[][] b, double[] s, double[] y) {
            double[] bs = Dense.times(b, s);
            double sbs = Dense.dot(s, bs);
            if (!(sbs > 0)) return;
            double sy = Dense.dot(s, y);
            if (sy < 0.2 * sbs) {
                double theta = 0.8 * sbs / (sbs - sy);
                for (int i = 0; i < n; i++) y[i] = theta * y[i] + (1 - theta) * bs[i];
                sy = Dense.dot(s, y);
            }
            if (!(sy > 0)) return;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) b[i][k] += y[i] * y[k] / sy - bs[i] * bs[k] / sbs;
            }
        }

        /**
         * The QP step, its multipliers (equalities then inequalities) and relaxation s, or a failure status;
         * the relaxed QP is solved only when the plain one is infeasible.
         */
        private Qp subproblem(double[][] b) {
            Qp plain = buildAndSolve(b, false);
            return plain.status != null || plain.d != null ? plain : buildAndSolve(b, true);
        }

        private Qp buildAndSolve(double[][] b, boolean relaxed) {
            int nv = relaxed ? n + 1 : n;
            double[][] gm = new double[nv][nv];
            for (int i = 0; i < n; i++) System.arraycopy(b[i], 0, gm[i], 0, n);
            if (relaxed) gm[n][n] = RELAX_WEIGHT;
            double[] a = Arrays.copyOf(g, nv);
            int nb = 0;
            for (int i = 0; i < n; i++) {
                if (lo[i] > Double.NEGATIVE_INFINITY) nb++;
                if (hi[i] < Double.POSITIVE_INFINITY) nb++;
            }
            int q = me + mi + nb + (relaxed ? 2 : 0);
            double[][] cm = new double[q][nv];
            double[] rhs = new double[q];
            int row = 0;
            // h + A_e d (- s h) = 0 and c + A_i d (- s c for violated c) >= 0; Kraft's relaxation when relaxed
            for (int j = 0; j < me; j++, row++) {
                System.arraycopy(ae[j], 0, cm[row], 0, n);
                if (relaxed) cm[row][n] = -h[j];
                rhs[row] = -h[j];
            }
            for (int j = 0; j < mi; j++, row++) {
                System.arraycopy(ai[j], 0, cm[row], 0, n);
                if (relaxed && c[j] < 0) cm[row][n] = -c[j];
                rhs[row] = -c[j];
            }
            for (int i = 0; i < n; i++) {
                if (lo[i] > Double.NEGATIVE_INFINITY) {
                    cm[row][i] = 1;
                    rhs[row++] = lo[i] - x[i];
                }
                if (hi[i] < Double.POSITIVE_INFINITY) {
                    cm[row][i] = -1;
                    rhs[row++] = x[i] - hi[i];
                }
            }
            if (relaxed) {
                cm[row][n] = 1;
                rhs[row++] = 0;
                cm[row][n] = -1;
                rhs[row] = -1;
            }
            DualActiveSetQp.Solution sol = new DualActiveSetQp(gm).solve(a, cm, rhs, me);
            if (sol.iterationLimit()) return new Qp(null, null, 0, Status.QP_FAILED);
            if (sol.infeasible()) return relaxed ? new Qp(null, null, 0, Status.INFEASIBLE) : new Qp(null, null, 0, null);
            double relax = relaxed ? sol.d()[n] : 0;
            if (relaxed && relax > 1 - 1e-8) return new Qp(null, null, 0, Status.INFEASIBLE);
            return new Qp(Arrays.copyOf(sol.d(), n), Arrays.copyOf(sol.lambda(), me + mi), relax, null);
        }
    }

    /** A QP outcome: step d (length n), multipliers (m_e + m_i), relaxation s in [0, 1], or a failure. */
    private record Qp(double[] d, double[] lambda, double relax, Status status) { }
}
