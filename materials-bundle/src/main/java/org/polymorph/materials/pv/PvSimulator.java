package org.polymorph.materials.pv;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward drift-diffusion solar-cell simulation, as deltapv's {@code simulator.simulate} (Mann et al., arXiv
 * 2105.06305): Newton on the equilibrium Poisson problem from the doping Fermi level, then bias steps of
 * {@code voltageStep} from 0 V until the current changes sign (at most 100 steps), each Newton solve started from a
 * linear or quadratic extrapolation of the previous solutions; Pmax from the C¹ piecewise-quadratic spline of P(V).
 * Newton steps use deltapv's log damping and momentum and stop when the largest damped step is ≤ 1e-6 (at most 100
 * iterations); each linear system is block-tridiagonal and solved by {@link BlockTridiagonal} in O(n).
 */
public final class PvSimulator {
    private static final int MAX_NEWTON = 100;
    private static final double NEWTON_TOL = 1e-6;
    private static final double MOMENTUM = 0.9;
    private static final int MAX_STEPS = 100;
    /** The small bias (V) solved before the first step, for the first extrapolation (deltapv's DIM_V_INIT). */
    private static final double V_INIT = 0.01;

    private PvSimulator() { }

    /**
     * The outcome of a sweep: {@code voltage} (V) and {@code current} (A/cm², positive at short circuit) [m],
     * {@code voc} (V, linear interpolation across the sign change), {@code jsc} (A/cm²), {@code pmax} (W/m²),
     * {@code vmpp} (V), {@code fillFactor}, {@code pce} (%), the equilibrium state and the state at each bias
     * ([3n], (φn, φp, φ) per point, units kT/q).
     */
    public record Result(double[] voltage, double[] current, double voc, double jsc, double pmax, double vmpp,
                         double fillFactor, double pce, double[] equilibrium, List<double[]> states) { }

    /** Runs equilibrium and the bias sweep for {@code cell} under incident power {@code incidentWm2} (W/m²). */
    public static Result simulate(PvCell cell, double voltageStep, double incidentWm2) {
        return simulate(cell, voltageStep, incidentWm2, NEWTON_TOL);
    }

    /**
     * {@link #simulate(PvCell, double, double)} with the bias solves' Newton iterations run until the largest step
     * (kT/q) is ≤ {@code tolerance} (deltapv: 1e-6; a smaller one for finite-difference checks).
     */
    public static Result simulate(PvCell cell, double voltageStep, double incidentWm2, double tolerance) {
        int n = cell.n;
        double[] eq = solveEquilibrium(cell, equilibriumGuess(cell));
        double dv = voltageStep / PvScales.ENERGY;
        List<Double> volts = new ArrayList<>();
        List<Double> amps = new ArrayList<>();
        List<double[]> states = new ArrayList<>();
        double[] pot = null, potl = null, potll = null;
        for (int step = 0; step < MAX_STEPS; step++) {
            double v = dv * step;
            double[] guess;
            if (step == 0) {
                guess = new double[3 * n];
                for (int i = 0; i < n; i++) {
                    double phi = eq[3 * i + 2];
                    guess[3 * i] = -cell.chi[i] - phi;
                    guess[3 * i + 1] = -cell.chi[i] - cell.eg[i] - phi;
                    guess[3 * i + 2] = phi;
                }
            } else if (step == 1) {
                double vinit = V_INIT / PvScales.ENERGY;
                double[] init = solve(cell, vinit, pot, tolerance);
                guess = new double[3 * n];
                for (int k = 0; k < 3 * n; k++) guess[k] = init[k] + (init[k] - pot[k]) * (dv - vinit) / vinit;
            } else if (step == 2) {
                guess = new double[3 * n];
                for (int k = 0; k < 3 * n; k++) guess[k] = 2 * pot[k] - potl[k];
            } else {
                guess = new double[3 * n];
                for (int k = 0; k < 3 * n; k++) guess[k] = 3 * pot[k] - 3 * potl[k] + potll[k];
            }
            double[] sol = solve(cell, v, guess, tolerance);
            potll = potl;
            potl = pot;
            pot = sol;
            states.add(sol);
            amps.add(PvResidual.totalCurrent(cell, sol) * PvScales.CURRENT);
            volts.add(PvScales.ENERGY * v);
            int m = amps.size();
            if (m > 2 && (amps.get(m - 2) * amps.get(m - 1) <= 0 || amps.get(m - 1) < 0)) break;
        }
        double[] vv = volts.stream().mapToDouble(Double::doubleValue).toArray();
        double[] jj = amps.stream().mapToDouble(Double::doubleValue).toArray();
        double[] pm = maxPower(vv, jj);
        int m = vv.length;
        double voc = jj[m - 1] >= 0 ? vv[m - 1] : vv[m - 2] + (vv[m - 1] - vv[m - 2]) * jj[m - 2] / (jj[m - 2] - jj[m - 1]);
        double jsc = jj[0];
        double ff = voc > 0 && jsc > 0 ? pm[0] / (voc * jsc * 1e4) : 0;
        return new Result(vv, jj, voc, jsc, pm[0], pm[1], ff, 100 * pm[0] / incidentWm2, eq, List.copyOf(states));
    }

    /** Equilibrium guess: φ at the doping Fermi level (deltapv's {@code physics.EF}), φn = φp = 0. */
    static double[] equilibriumGuess(PvCell c) {
        double[] x = new double[3 * c.n];
        for (int i = 0; i < c.n; i++) {
            double ni = c.ni(i);
            double efi = -c.chi[i] - c.eg[i] / 2 + 0.5 * Math.log(c.nc[i] / c.nv[i]);
            double nd = c.ndop[i] != 0 ? c.ndop[i] : ni;
            double def = nd > 0 ? Math.log(Math.abs(nd) / ni) : -Math.log(Math.abs(nd) / ni);
            x[3 * i + 2] = efi + def;
        }
        return x;
    }

    /** deltapv's {@code logdamp}: a component beyond ±1 becomes sign·ln(1 + 1.72|m|). */
    static double logdamp(double m) {
        return Math.abs(m) > 1 ? Math.signum(m) * Math.log(1 + Math.abs(m) * 1.72) : m;
    }

    /** Newton on {@link PvResidual#residualEq} from {@code x}, without momentum (deltapv's {@code solve_eq}). */
    static double[] solveEquilibrium(PvCell c, double[] x0) {
        double[] x = x0.clone();
        double error = 1;
        for (int it = 0; it < MAX_NEWTON && error > NEWTON_TOL; it++) {
            double[] f = PvResidual.residualEq(c, x);
            double[] p = PvResidual.jacobianEq(c, x).solve(negate(f));
            error = 0;
            for (int k = 0; k < p.length; k++) {
                error = Math.max(error, Math.abs(p[k]));
                x[k] += logdamp(p[k]);
            }
            check(error);
        }
        return x;
    }

    /**
     * Newton on {@link PvResidual#residual} at bias v (kT/q) from {@code x0}, with deltapv's damping and momentum, until
     * the largest step is ≤ {@code tolerance}.
     */
    public static double[] solve(PvCell c, double v, double[] x0, double tolerance) {
        double[] x = x0.clone();
        int len = x.length;
        double[] pl = new double[len];
        double[] dxl = new double[len];
        double error = 1;
        for (int it = 0; it < MAX_NEWTON && error > tolerance; it++) {
            double[] f = PvResidual.residual(c, v, x);
            double[] p = PvResidual.jacobian(c, x).solve(negate(f));
            for (int k = 0; k < len; k++) p[k] = logdamp(p[k]);
            // momentum: dx = p + β·max(sim(p, p_prev), 0)·dx_prev, sim = p·p_prev / (max(|p|, |p_prev|)² + 1e-3)
            double dot = 0, np = 0, npl = 0;
            for (int k = 0; k < len; k++) { dot += p[k] * pl[k]; np += p[k] * p[k]; npl += pl[k] * pl[k]; }
            double sim = Math.max(dot / (Math.max(np, npl) + 1e-3), 0);
            error = 0;
            for (int k = 0; k < len; k++) {
                double dx = p[k] + MOMENTUM * sim * dxl[k];
                x[k] += dx;
                dxl[k] = dx;
                error = Math.max(error, Math.abs(p[k]));
            }
            pl = p;
            check(error);
        }
        return x;
    }

    private static void check(double error) {
        if (!Double.isFinite(error)) throw new ArithmeticException("the Newton iteration diverged (non-finite step)");
    }

    private static double[] negate(double[] f) {
        double[] out = new double[f.length];
        for (int k = 0; k < f.length; k++) out[k] = -f[k];
        return out;
    }

    /**
     * ∂PCE(%)/∂J_k [m] of {@link #maxPower} at the sweep (v [m] V, j [m] A/cm²) under {@code incidentWm2}: the maximum's
     * interval and abscissa x held fixed (at an interior vertex ∂P/∂x = 0), P = a x² + b x + c differentiated through
     * the spline's recursion from the first interval up to the maximum's.
     */
    static double[] pceWeights(double[] v, double[] jAcm2, double incidentWm2) {
        int m = v.length;
        double[] w = new double[m];
        if (m < 2) {
            w[0] = 100 * v[0] * 1e4 / incidentWm2;
            return w;
        }
        double[] best = maxPower(v, jAcm2);
        int at = (int) best[2];
        double x = best[1];
        double[] ya = new double[m];
        double aBar = x * x, bBar = x, cBar = 1;
        for (int i = at; i >= 0; i--) {
            double h = v[i + 1] - v[i];
            ya[i] += cBar;
            aBar -= cBar * v[i] * v[i];
            bBar -= cBar * v[i];
            if (i == 0) {
                ya[1] += bBar / h;
                ya[0] -= bBar / h;
                break;
            }
            double slopeBar = bBar;
            aBar -= 2 * v[i] * bBar;
            ya[i + 1] += aBar / (h * h);
            ya[i] -= aBar / (h * h);
            slopeBar -= aBar / h;
            double aPrev = 2 * v[i] * slopeBar, bPrev = slopeBar;
            aBar = aPrev;
            bBar = bPrev;
            cBar = 0;
        }
        for (int k = 0; k < m; k++) w[k] = 100 * ya[k] * v[k] * 1e4 / incidentWm2;
        return w;
    }

    /**
     * Pmax (W/m²) and its bias (V) from deltapv's {@code spline.calcPmax}: P = V·J·1e4 interpolated by the piecewise
     * quadratic with zero curvature on the first interval and a continuous slope at every knot; the maximum over the
     * interval ends and each quadratic's vertex clipped to its interval; {Pmax, V, index of the interval}.
     */
    static double[] maxPower(double[] v, double[] jAcm2) {
        int m = v.length;
        if (m < 2) return new double[] {v[0] * jAcm2[0] * 1e4, v[0], 0};
        double best = Double.NEGATIVE_INFINITY, vbest = v[0];
        int at = 0;
        double[] a = new double[m - 1], b = new double[m - 1], cc = new double[m - 1];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) y[i] = v[i] * jAcm2[i] * 1e4;
        for (int i = 0; i < m - 1; i++) {
            double h = v[i + 1] - v[i], dy = y[i + 1] - y[i];
            if (i == 0) {
                a[i] = 0;
                b[i] = dy / h;
            } else {
                double slope = 2 * a[i - 1] * v[i] + b[i - 1];
                a[i] = (dy - slope * h) / (h * h);
                b[i] = slope - 2 * a[i] * v[i];
            }
            cc[i] = y[i] - a[i] * v[i] * v[i] - b[i] * v[i];
        }
        // candidates in deltapv's order: all lower ends, all upper ends, all vertices; the first maximum wins
        double[][] cand = new double[3][m - 1];
        for (int i = 0; i < m - 1; i++) {
            cand[0][i] = v[i];
            cand[1][i] = v[i + 1];
            double fa = a[i] != 0 ? a[i] : 1;
            cand[2][i] = Math.min(Math.max(-b[i] / (2 * fa), v[i]), v[i + 1]);
        }
        for (double[] row : cand) {
            for (int i = 0; i < m - 1; i++) {
                double x = row[i];
                double val = a[i] * x * x + b[i] * x + cc[i];
                if (val > best) { best = val; vbest = x; at = i; }
            }
        }
        return new double[] {best, vbest, at};
    }
}
