package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * LAMMPS pair_eam.cpp's tables and their interpolation, reproduced operation for operation:
 * {@link #regrid} is file2array's 4-point Lagrange resampling of a funcfl table, and the
 * per-interval cubic of interpolate() is f(m + p) = ((c3 p + c4) p + c5) p + c6 with c6 = f_m,
 * c5 = a 5-point slope (one-sided near the ends), c4, c3 matching f and the slope at m+1. Tables
 * are 1-based [n+1]; a value at x is read at p = x/Δ + 1, interval m = ⌊p⌋ clamped as compute().
 * Because every c_k is linear in the table, each interval's cubic is Σ_{s=-2..3} w_s(p) f_{m+s};
 * {@link #eval(Ops, Var, int, Var, int[], Var)} evaluates that in Ops, so the differentiable energy
 * uses the very same spline and is differentiable in the table values too.
 */
final class EamSpline {
    final int n;
    final double delta;
    /** 1/Δ, so a second derivative costs a multiplication. */
    private final double perDelta;
    /**
     * LAMMPS's spline[m][k] at c[7m + k] [7(n+1)], k = 0..6 (0-2: derivative coefficients, 3-6: value), m = 1..n: one flat
     * array, so a lookup reads one cache line or two and no row object.
     */
    private final double[] c;
    /** False when every table value is zero (a tangent table that leaves this function alone): the spline is zero. */
    final boolean nonzero;

    /** 1-based table f [n+1] on the grid x_m = (m−1)Δ. */
    EamSpline(double[] f, int n, double delta) {
        this.n = n;
        this.delta = delta;
        this.perDelta = 1 / delta;
        this.c = new double[7 * (n + 1)];
        boolean any = false;
        for (int m = 1; m <= n; m++) {
            int o = 7 * m;
            for (int k = 3; k <= 6; k++) c[o + k] = coefficient(f, m, n, k);
            c[o + 2] = c[o + 5] / delta;
            c[o + 1] = 2.0 * c[o + 4] / delta;
            c[o] = 3.0 * c[o + 3] / delta;
            any |= f[m] != 0;
        }
        nonzero = any;
    }

    /** spline[m][5] of interpolate(). */
    private static double slope(double[] f, int m, int n) {
        if (m == 1) return f[2] - f[1];
        if (m == 2) return 0.5 * (f[3] - f[1]);
        if (m == n - 1) return 0.5 * (f[n] - f[n - 2]);
        if (m == n) return f[n] - f[n - 1];
        return ((f[m - 2] - f[m + 2]) + 8.0 * (f[m + 1] - f[m - 1])) / 12.0;
    }

    /** spline[m][k] of interpolate() for k = 3..6, from f[m-2..m+3] only. */
    static double coefficient(double[] f, int m, int n, int k) {
        if (k == 6) return f[m];
        if (k == 5) return slope(f, m, n);
        if (m == n) return 0.0;
        if (k == 4) return 3.0 * (f[m + 1] - f[m]) - 2.0 * slope(f, m, n) - slope(f, m + 1, n);
        return slope(f, m, n) + slope(f, m + 1, n) - 2.0 * (f[m + 1] - f[m]);
    }

    /** Interval m's seven coefficients (derivative's three, then the value's four) into out[at..at+6]. */
    void interval(int m, double[] out, int at) { System.arraycopy(c, 7 * m, out, at, 7); }

    /** Value at fraction p of interval m. */
    double value(int m, double p) {
        int o = 7 * m;
        return ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
    }

    /** d/dx at fraction p of interval m. */
    double derivative(int m, double p) {
        int o = 7 * m;
        return (c[o] * p + c[o + 1]) * p + c[o + 2];
    }

    /** d²/dx² at fraction p of interval m (zero where the cubic is clamped at p = 1 beyond the grid, as compute's lookups). */
    double second(int m, double p, boolean clamped) {
        if (clamped) return 0;
        int o = 7 * m;
        return (2 * c[o] * p + c[o + 1]) * perDelta;
    }

    /**
     * Value, d/dx and (unless {@code clamped}) d²/dx² at fraction p of interval m into out[at..at+2], or value and d/dx
     * only into out[at..at+1] when {@code second} is false; the same arithmetic as {@link #value}, {@link #derivative}
     * and {@link #second}, the interval's coefficients read once.
     */
    void evaluate(int m, double p, boolean clamped, boolean second, double[] out, int at) {
        int o = 7 * m;
        double c0 = c[o], c1 = c[o + 1];
        out[at] = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6];
        out[at + 1] = (c0 * p + c1) * p + c[o + 2];
        if (second) out[at + 2] = clamped ? 0 : (2 * c0 * p + c1) * perDelta;
    }

    /**
     * The weights of each interval's cubic in the table values, for a grid of n points: row m [24] holds, for
     * s = −2..3 (the values f_{m+s}), the four coefficients c3..c6 of interpolate() that f_{m+s} = 1 alone gives, at
     * 4(s + 2) + (k − 3); zero where m + s is off the grid. So value(m, p) = Σ_s ((w3 p + w4) p + w5) p + w6) f_{m+s}.
     */
    static double[][] stencils(int n) {
        double[][] w = new double[n + 1][24];
        double[] unit = new double[n + 1];
        for (int m = 1; m <= n; m++) stencil(m, n, unit, w[m]);
        return w;
    }

    /** Row m of {@link #stencils} into {@code out} [24]; {@code unit} [n+1] is all zeros (and left so). */
    private static void stencil(int m, int n, double[] unit, double[] out) {
        for (int s = -2; s <= 3; s++) {
            int q = m + s;
            for (int k = 3; k <= 6; k++) out[4 * (s + 2) + k - 3] = 0;
            if (q < 1 || q > n) continue;
            unit[q] = 1;
            for (int k = 3; k <= 6; k++) out[4 * (s + 2) + k - 3] = coefficient(unit, m, n, k);
            unit[q] = 0;
        }
    }

    /**
     * file2array's resampling of a table with spacing {@code fileDelta} and {@code fileN} points
     * onto n points of spacing delta (4-point Lagrange, index clamped to [2, fileN−2]).
     */
    static double[] regrid(double[] file, int fileN, double fileDelta, int n, double delta) {
        final double sixth = 1.0 / 6.0;
        double[] out = new double[n + 1];
        for (int m = 1; m <= n; m++) {
            double r = (m - 1) * delta;
            double p = r / fileDelta + 1.0;
            int k = (int) p;
            k = Math.min(k, fileN - 2);
            k = Math.max(k, 2);
            p -= k;
            p = Math.min(p, 2.0);
            double cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
            double cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
            double cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
            double cof4 = sixth * p * (p * p - 1.0);
            out[m] = cof1 * file[k - 1] + cof2 * file[k] + cof3 * file[k + 1] + cof4 * file[k + 2];
        }
        return out;
    }

    /**
     * The cubics of many lookups as Ops: tables [K, n] (0-based rows of the 1-based tables), for
     * lookup e the row {@code row[e]}, interval {@code m[e]} (1-based, from the concrete value)
     * and the fraction p [E] (a Var carrying the gradient). With {@code derivative} the d/dx
     * polynomial instead. Returns [E].
     */
    static Var eval(Ops o, Var tables, int n, Var p, int[] row, int[] m, double delta, boolean derivative) {
        int e = row.length;
        int[] idx = new int[6 * e];
        double[][] w = new double[4][6 * e];
        double[] unit = new double[n + 1];
        double[] st = new double[24];
        for (int a = 0; a < e; a++) {
            stencil(m[a], n, unit, st);
            for (int s = -2; s <= 3; s++) {
                int q = m[a] + s;
                idx[6 * a + s + 2] = row[a] * n + (q >= 1 && q <= n ? q - 1 : 0);
                for (int k = 3; k <= 6; k++) w[k - 3][6 * a + s + 2] = st[4 * (s + 2) + k - 3];
            }
        }
        Var f = o.reshape(o.take(o.reshape(tables, -1), o.constant(o.tensors().fromArray(idx, idx.length)), 0), e, 6);
        Var[] wk = new Var[4];
        for (int k = 0; k < 4; k++) wk[k] = o.constant(w[k], e, 6);
        Var pp = o.reshape(p, e, 1);
        Var poly;
        if (derivative) {   // (3 c3 p + 2 c4) p + c5, over Δ
            poly = o.add(o.mul(o.add(o.mul(wk[0], o.mul(pp, o.scalarLike(pp, 3))), o.mul(wk[1], o.scalarLike(pp, 2))), pp), wk[2]);
            poly = o.div(poly, o.scalarLike(pp, delta));
        } else {
            poly = o.add(o.mul(o.add(o.mul(o.add(o.mul(wk[0], pp), wk[1]), pp), wk[2]), pp), wk[3]);
        }
        return o.sum(o.mul(f, poly), 1);
    }
}
