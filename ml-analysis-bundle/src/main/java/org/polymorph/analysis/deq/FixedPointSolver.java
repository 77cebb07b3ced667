package org.polymorph.analysis.deq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Solves z = f(z) for a vector z (flattened, any length n) by Anderson acceleration or by Broyden's method, on plain
 * double arrays: the caller evaluates f on concrete values, so the solver never sees the autodiff tape.
 *
 * <p>The residual of an iterate is ‖f(z) − z‖₂ / max(1, ‖f(z)‖₂): relative for large vectors, absolute near zero (so a
 * fixed point at z* = 0 is reachable). A solve stops when it is below {@code tol}, or after {@code maxIter}
 * evaluations of f, and returns the iterate with the lowest residual seen with {@link Solution#converged()} saying
 * whether that residual met the tolerance. It never fails silently: a caller reads the flag (or {@link Solution#require}).
 *
 * <ul>
 *   <li>{@link Method#ANDERSON}: Anderson (1965) type-II mixing as written by Walker &amp; Ni (2011, SIAM J. Numer.
 *   Anal. 49:1715): with the last m iterates x_i and residuals g_i = f(x_i) − x_i, find α minimising ‖Σ α_i g_i‖₂
 *   subject to Σ α_i = 1 (Tikhonov term λ = 1e-8·max diag on the m×m Gram matrix), then
 *   x ← β Σ α_i f(x_i) + (1 − β) Σ α_i x_i. One evaluation of f per iteration; the conventions (m = 5, β = 1) are
 *   those of the DEQ tutorial of Kolter, Duvenaud &amp; Johnson (implicit-layers-tutorial.org, ch. 4).</li>
 *   <li>{@link Method#BROYDEN}: Broyden's "good" method (Broyden 1965) on g(z) = f(z) − z, keeping the inverse
 *   Jacobian estimate H ≈ (∂g/∂z)⁻¹ as −I plus at most m rank-one terms (Sherman–Morrison updates
 *   H ← H + (Δz − HΔg) Δzᵀ H / (Δzᵀ H Δg)), restarting from −I when the memory is full; step z ← z − H g. This is the
 *   limited-memory form the locuslab/deq solvers use.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class FixedPointSolver {
    /** The algorithm. */
    public enum Method {
        ANDERSON, BROYDEN;

        /** The lower-case name users give ({@code anderson}, {@code broyden}). */
        public String id() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * The outcome of one solve.
     *
     * @param z the iterate with the lowest residual (length n)
     * @param iterations evaluations of f made
     * @param residual ‖f(z) − z‖₂ / max(1, ‖f(z)‖₂) at {@code z}
     * @param converged whether {@code residual} ≤ the solver's tolerance
     */
    public record Solution(double[] z, int iterations, double residual, boolean converged, Method method, double tol) {
        /** This solution when it converged; otherwise an ArithmeticException saying by how much it missed and what to change. */
        public Solution require() {
            if (converged) return this;
            throw new NotConvergedException(this);
        }
    }

    /** A solve that did not reach its tolerance (the residual may be NaN when f produced one). */
    public static final class NotConvergedException extends ArithmeticException {
        private final transient Solution solution;

        public NotConvergedException(Solution s) {
            super(String.format(Locale.ROOT, "%s fixed-point solve did not converge: residual %.3g after %d iterations "
                    + "(tolerance %.3g); raise the iteration limit, loosen the tolerance, or use a smaller weight scale",
                    s.method().id(), s.residual(), s.iterations(), s.tol()));
            this.solution = s;
        }

        public Solution solution() { return solution; }
    }

    private final Method method;
    private final double tol;
    private final int maxIter;
    private final int memory;
    private final double beta;

    /**
     * @param tol residual at which a solve stops (&gt; 0)
     * @param maxIter most evaluations of f (≥ 1)
     * @param memory m: Anderson's history length or Broyden's rank-one terms (≥ 1)
     * @param beta Anderson's mixing parameter in (0, 1] (unused by Broyden)
     */
    public FixedPointSolver(Method method, double tol, int maxIter, int memory, double beta) {
        if (method == null) throw new IllegalArgumentException("fixed-point solver: method is missing; use anderson or broyden");
        if (!(tol > 0)) throw new IllegalArgumentException("fixed-point solver: tol = " + tol + "; give tol > 0");
        if (maxIter < 1) throw new IllegalArgumentException("fixed-point solver: max_iter = " + maxIter + "; give max_iter >= 1");
        if (memory < 1) throw new IllegalArgumentException("fixed-point solver: memory = " + memory + "; give memory >= 1");
        if (!(beta > 0 && beta <= 1)) throw new IllegalArgumentException("fixed-point solver: beta = " + beta + "; give 0 < beta <= 1");
        this.method = method;
        this.tol = tol;
        this.maxIter = maxIter;
        this.memory = memory;
        this.beta = beta;
    }

    /** Anderson with m = 5, β = 1. */
    public static FixedPointSolver anderson(double tol, int maxIter) { return new FixedPointSolver(Method.ANDERSON, tol, maxIter, 5, 1.0); }

    /** Broyden with at most 30 rank-one terms before a restart. */
    public static FixedPointSolver broyden(double tol, int maxIter) { return new FixedPointSolver(Method.BROYDEN, tol, maxIter, 30, 1.0); }

    public Method method() { return method; }
    public double tol() { return tol; }
    public int maxIter() { return maxIter; }

    /** The fixed point of f from z0 (not modified); f must return a new array of z0's length. */
    public Solution solve(UnaryOperator<double[]> f, double[] z0) {
        return method == Method.ANDERSON ? anderson(f, z0.clone()) : broyden(f, z0.clone());
    }

    private Solution anderson(UnaryOperator<double[]> f, double[] x) {
        Best best = new Best();
        Deque<double[]> xs = new ArrayDeque<>(), fs = new ArrayDeque<>(), gs = new ArrayDeque<>();
        for (int k = 1; k <= maxIter; k++) {
            double[] fx = eval(f, x);
            double[] g = sub(fx, x);
            double r = residual(g, fx);
            best.offer(x, r, k);
            if (r <= tol || Double.isNaN(r)) break;
            xs.addLast(x); fs.addLast(fx); gs.addLast(g);
            if (xs.size() > memory) { xs.removeFirst(); fs.removeFirst(); gs.removeFirst(); }
            double[] alpha = mixingWeights(new ArrayList<>(gs));
            double[] next = new double[x.length];
            int i = 0;
            var xi = xs.iterator();
            var fi = fs.iterator();
            while (xi.hasNext()) {
                double[] xv = xi.next(), fv = fi.next();
                double a = alpha[i++];
                for (int j = 0; j < next.length; j++) next[j] += a * (beta * fv[j] + (1 - beta) * xv[j]);
            }
            x = next;
        }
        return best.solution(method, tol);
    }

    /** argmin ‖Σ α_i g_i‖₂ subject to Σ α_i = 1, by the bordered normal equations [[0, 1ᵀ], [1, G + λI]] [ν; α] = [1; 0]. */
    private static double[] mixingWeights(List<double[]> g) {
        int m = g.size();
        double[][] a = new double[m + 1][m + 1];
        double[] rhs = new double[m + 1];
        rhs[0] = 1;
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            a[0][i + 1] = 1;
            a[i + 1][0] = 1;
            for (int j = 0; j <= i; j++) {
                double d = dot(g.get(i), g.get(j));
                a[i + 1][j + 1] = d;
                a[j + 1][i + 1] = d;
            }
            maxDiag = Math.max(maxDiag, a[i + 1][i + 1]);
        }
        double lambda = 1e-8 * Math.max(maxDiag, Double.MIN_NORMAL);
        for (int i = 1; i <= m; i++) a[i][i] += lambda;
        double[] sol = gaussSolve(a, rhs);
        double[] alpha = new double[m];
        System.arraycopy(sol, 1, alpha, 0, m);
        return alpha;
    }

    private Solution broyden(UnaryOperator<double[]> f, double[] z) {
        Best best = new Best();
        List<double[]> us = new ArrayList<>(), vs = new ArrayList<>();   // H = −I + Σ u_i v_iᵀ
        double[] fz = eval(f, z);
        double[] g = sub(fz, z);
        best.offer(z, residual(g, fz), 1);
        for (int k = 2; k <= maxIter && best.residual > tol && !Double.isNaN(best.last); k++) {
            double[] dz = applyH(us, vs, g);
            for (int j = 0; j < dz.length; j++) dz[j] = -dz[j];
            double[] zNext = add(z, dz);
            double[] fNext = eval(f, zNext);
            double[] gNext = sub(fNext, zNext);
            best.offer(zNext, residual(gNext, fNext), k);
            double[] dg = sub(gNext, g);
            if (us.size() == memory) { us.clear(); vs.clear(); }
            double[] hdg = applyH(us, vs, dg);
            double[] v = applyHt(us, vs, dz);                 // Hᵀ Δz
            double denom = dot(v, dg);                        // Δzᵀ H Δg
            if (Math.abs(denom) > 1e-30 && Double.isFinite(denom)) {
                double[] u = sub(dz, hdg);
                for (int j = 0; j < u.length; j++) u[j] /= denom;
                us.add(u);
                vs.add(v);
            }
            z = zNext;
            g = gNext;
        }
        return best.solution(method, tol);
    }

    private static double[] applyH(List<double[]> us, List<double[]> vs, double[] x) {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) y[j] = -x[j];
        for (int i = 0; i < us.size(); i++) axpy(dot(vs.get(i), x), us.get(i), y);
        return y;
    }

    private static double[] applyHt(List<double[]> us, List<double[]> vs, double[] x) {
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) y[j] = -x[j];
        for (int i = 0; i < us.size(); i++) axpy(dot(us.get(i), x), vs.get(i), y);
        return y;
    }

    /** The iterate with the lowest residual so far. */
    private static final class Best {
        double[] z;
        double residual = Double.POSITIVE_INFINITY;
        double last = Double.POSITIVE_INFINITY;
        int iterations;

        void offer(double[] x, double r, int k) {
            iterations = k;
            last = r;
            if (r < residual || z == null) { z = x; residual = r; }
        }

        Solution solution(Method m, double tol) {
            return new Solution(z, iterations, residual, residual <= tol, m, tol);
        }
    }

    private static double[] eval(UnaryOperator<double[]> f, double[] x) {
        double[] y = f.apply(x);
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException("fixed-point solver: f returned " + (y == null ? "nothing" : y.length + " values")
                    + " for an iterate of " + x.length + "; f must map R^n to R^n");
        }
        return y;
    }

    /** ‖g‖₂ / max(1, ‖f‖₂); NaN when either holds a NaN or an infinity. */
    static double residual(double[] g, double[] f) {
        double r = Math.sqrt(dot(g, g)) / Math.max(1.0, Math.sqrt(dot(f, f)));
        return Double.isFinite(r) ? r : Double.NaN;
    }

    /** Gaussian elimination with partial pivoting on a small dense system (a and b are overwritten). */
    private static double[] gaussSolve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            double tb = b[c]; b[c] = b[p]; b[p] = tb;
            double piv = a[c][c];
            if (piv == 0) continue;
            for (int r = c + 1; r < n; r++) {
                double fct = a[r][c] / piv;
                if (fct == 0) continue;
                for (int k = c; k < n; k++) a[r][k] -= fct * a[c][k];
                b[r] -= fct * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = a[r][r] == 0 ? 0 : s / a[r][r];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    private static double[] sub(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) c[i] = a[i] - b[i];
        return c;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) c[i] = a[i] + b[i];
        return c;
    }
}
