package org.polymorph.materials.pv;

/**
 * The residual F(x; θ) of the discretised Poisson–drift-diffusion system and its Jacobian ∂F/∂x, as deltapv
 * ({@code residual.py}, {@code ddiff.py}, {@code poisson.py}, {@code current.py}, {@code recomb.py},
 * {@code bcond.py}; Mann et al., arXiv 2105.06305). State x [3n], per point i (φn, φp, φ) at 3i, 3i+1, 3i+2
 * (electron and hole quasi-Fermi potentials and electrostatic potential, units kT/q); θ the {@link PvCell} and the
 * applied bias v (kT/q). Rows per point: the contacts at i = 0 and n−1 (surface-recombination currents, fixed φ),
 * otherwise electron continuity, hole continuity and Poisson. Densities n = Nc e^(χ+φn+φ), p = Nv e^(−χ−Eg−φp−φ).
 * Currents are Scharfetter–Gummel in quasi-Fermi form; recombination is SRH + radiative + Auger.
 */
public final class PvResidual {
    private PvResidual() { }

    /** Below this |Δψ| the Bernoulli factor uses deltapv's second-order Taylor form. */
    private static final double TAYLOR = 1e-5;

    /** Edge currents of the state: {@code jn}, {@code jp} [n−1] and, when {@code deriv}, their partials. */
    static final class Edges {
        final double[] jn, jp;
        // ∂Jn/∂(φn_k, φn_k+1, φ_k, φ_k+1), ∂Jp/∂(φp_k, φp_k+1, φ_k, φ_k+1) [n−1] each
        double[] jnN0, jnN1, jnF0, jnF1, jpP0, jpP1, jpF0, jpF1;

        Edges(int m, boolean deriv) {
            jn = new double[m]; jp = new double[m];
            if (deriv) {
                jnN0 = new double[m]; jnN1 = new double[m]; jnF0 = new double[m]; jnF1 = new double[m];
                jpP0 = new double[m]; jpP1 = new double[m]; jpF0 = new double[m]; jpF1 = new double[m];
            }
        }
    }

    /** B(D) = D/(e^D − 1), the Bernoulli function, with deltapv's Taylor form 1/(1 + D/2 + D²/6) for |D| < 1e-5. */
    static double bernoulli(double d) {
        return Math.abs(d) < TAYLOR ? 1 / (1 + d / 2 + d * d / 6) : d / Math.expm1(d);
    }

    /** dB/dD. */
    static double bernoulliPrime(double d) {
        if (Math.abs(d) < TAYLOR) {
            double den = 1 + d / 2 + d * d / 6;
            return -(0.5 + d / 3) / (den * den);
        }
        double em = Math.expm1(d);
        return (em - d * (em + 1)) / (em * em);
    }

    static Edges edges(PvCell c, double[] x, boolean deriv) {
        int m = c.n - 1;
        Edges e = new Edges(m, deriv);
        for (int k = 0; k < m; k++) {
            double phi0 = x[3 * k + 2], phi1 = x[3 * k + 5];
            double dx = c.dgrid[k];
            // Electrons: ψn = χ + ln Nc + φ, Jn = μn e^ψ0 B(ψ0 − ψ1) (e^φn1 − e^φn0) / Δx.
            double psi0 = c.chi[k] + Math.log(c.nc[k]) + phi0;
            double psi1 = c.chi[k + 1] + Math.log(c.nc[k + 1]) + phi1;
            double d = psi0 - psi1;
            double ep = Math.exp(psi0);
            double b = bernoulli(d);
            double qn = ep * b;
            double en0 = Math.exp(x[3 * k]), en1 = Math.exp(x[3 * k + 3]);
            double fm = en1 - en0;
            e.jn[k] = c.mn[k] * qn * fm / dx;
            // Holes: ψp = χ + Eg − ln Nv + φ, Jp = μp e^(−ψ0) h(ψ0 − ψ1) (e^(−φp1) − e^(−φp0)) / Δx, h(D) = −B(−D).
            double s0 = c.chi[k] + c.eg[k] - Math.log(c.nv[k]) + phi0;
            double s1 = c.chi[k + 1] + c.eg[k + 1] - Math.log(c.nv[k + 1]) + phi1;
            double dp = s0 - s1;
            double emp = Math.exp(-s0);
            double h = -bernoulli(-dp);
            double qp = emp * h;
            double ep0 = Math.exp(-x[3 * k + 1]), ep1 = Math.exp(-x[3 * k + 4]);
            double fp = ep1 - ep0;
            e.jp[k] = c.mp[k] * qp * fp / dx;
            if (deriv) {
                double bp = bernoulliPrime(d);
                e.jnN0[k] = -c.mn[k] * qn / dx * en0;
                e.jnN1[k] = c.mn[k] * qn / dx * en1;
                e.jnF0[k] = c.mn[k] * fm / dx * ep * (b + bp);
                e.jnF1[k] = -c.mn[k] * fm / dx * ep * bp;
                double hp = bernoulliPrime(-dp);
                e.jpP0[k] = c.mp[k] * qp / dx * ep0;
                e.jpP1[k] = -c.mp[k] * qp / dx * ep1;
                e.jpF0[k] = c.mp[k] * fp / dx * emp * (hp - h);
                e.jpF1[k] = -c.mp[k] * fp / dx * emp * hp;
            }
        }
        return e;
    }

    static double density(PvCell c, double[] x, int i, boolean electrons) {
        return electrons ? c.nc[i] * Math.exp(c.chi[i] + x[3 * i] + x[3 * i + 2])
                : c.nv[i] * Math.exp(-c.chi[i] - c.eg[i] - x[3 * i + 1] - x[3 * i + 2]);
    }

    /** Net recombination at point i for densities n, p (dimensionless): SRH + radiative + Auger. */
    static double recombination(PvCell c, int i, double n, double p) {
        double ni = c.ni(i);
        double num = n * p - ni * ni;
        double den = c.tp[i] * (ni * Math.exp(c.et[i]) + n) + c.tn[i] * (ni * Math.exp(-c.et[i]) + p);
        return num / den + c.br[i] * num + (c.cn[i] * n + c.cp[i] * p) * num;
    }

    /** (∂R/∂n, ∂R/∂p) at point i. */
    static double[] recombinationPartials(PvCell c, int i, double n, double p) {
        double ni = c.ni(i);
        double num = n * p - ni * ni;
        double den = c.tp[i] * (ni * Math.exp(c.et[i]) + n) + c.tn[i] * (ni * Math.exp(-c.et[i]) + p);
        double aug = c.cn[i] * n + c.cp[i] * p;
        double drn = (p * den - num * c.tp[i]) / (den * den) + c.br[i] * p + c.cn[i] * num + aug * p;
        double drp = (n * den - num * c.tn[i]) / (den * den) + c.br[i] * n + c.cp[i] * num + aug * n;
        return new double[] {drn, drp};
    }

    /**
     * Boundary values at bias {@code v} (kT/q), as deltapv's {@code bcond.boundary}: {φ(0), φ(L) + v, n_eq(0),
     * n_eq(L), p_eq(0), p_eq(L)}.
     */
    static double[] boundary(PvCell c, double v) {
        double[] phi = c.contactPhi();
        int l = c.n - 1;
        return new double[] {phi[0], phi[1] + v,
            c.nc[0] * Math.exp(c.chi[0] + phi[0]), c.nc[l] * Math.exp(c.chi[l] + phi[1]),
            c.nv[0] * Math.exp(-c.chi[0] - c.eg[0] - phi[0]), c.nv[l] * Math.exp(-c.chi[l] - c.eg[l] - phi[1])};
    }

    /** F(x; θ, v) [3n] of the full system at bias v (kT/q). */
    public static double[] residual(PvCell c, double v, double[] x) {
        int n = c.n;
        double[] b = boundary(c, v);
        Edges e = edges(c, x, false);
        double[] f = new double[3 * n];
        for (int i = 1; i < n - 1; i++) {
            double nn = density(c, x, i, true), pp = density(c, x, i, false);
            double r = recombination(c, i, nn, pp);
            double ave = (c.dgrid[i - 1] + c.dgrid[i]) / 2;
            f[3 * i] = -r + c.g[i] + (e.jn[i] - e.jn[i - 1]) / ave;
            f[3 * i + 1] = r - c.g[i] + (e.jp[i] - e.jp[i - 1]) / ave;
            f[3 * i + 2] = poisson(c, x, i) - (-nn + pp + c.ndop[i]);
        }
        int l = n - 1;
        f[0] = e.jn[0] - c.snl * (density(c, x, 0, true) - b[2]);
        f[1] = e.jp[0] + c.spl * (density(c, x, 0, false) - b[4]);
        f[2] = x[2] - b[0];
        f[3 * l] = e.jn[l - 1] + c.snr * (density(c, x, l, true) - b[3]);
        f[3 * l + 1] = e.jp[l - 1] - c.spr * (density(c, x, l, false) - b[5]);
        f[3 * l + 2] = x[3 * l + 2] - b[1];
        return f;
    }

    /** The discrete −∇·(ε∇φ) at interior point i (deltapv's {@code poisson.pois} without the charge). */
    static double poisson(PvCell c, double[] x, int i) {
        double ave = (c.dgrid[i - 1] + c.dgrid[i]) / 2;
        double el = (c.eps[i - 1] + c.eps[i]) / 2, er = (c.eps[i] + c.eps[i + 1]) / 2;
        return (el * (x[3 * i + 2] - x[3 * i - 1]) / c.dgrid[i - 1] - er * (x[3 * i + 5] - x[3 * i + 2]) / c.dgrid[i]) / ave;
    }

    /** ∂F/∂x of {@link #residual} (independent of v), block-tridiagonal with 3×3 blocks. */
    public static BlockTridiagonal jacobian(PvCell c, double[] x) {
        int n = c.n;
        Edges e = edges(c, x, true);
        BlockTridiagonal jac = new BlockTridiagonal(n);
        for (int i = 1; i < n - 1; i++) {
            double nn = density(c, x, i, true), pp = density(c, x, i, false);
            double[] dr = recombinationPartials(c, i, nn, pp);
            double rN = dr[0] * nn, rP = -dr[1] * pp, rF = dr[0] * nn - dr[1] * pp;
            double ave = (c.dgrid[i - 1] + c.dgrid[i]) / 2;
            int k0 = i - 1, k1 = i;
            // electron continuity: −R + G + (Jn_k1 − Jn_k0)/ave
            jac.add(i, -1, 0, 0, -e.jnN0[k0] / ave);
            jac.add(i, -1, 0, 2, -e.jnF0[k0] / ave);
            jac.add(i, 0, 0, 0, (e.jnN0[k1] - e.jnN1[k0]) / ave - rN);
            jac.add(i, 0, 0, 1, -rP);
            jac.add(i, 0, 0, 2, (e.jnF0[k1] - e.jnF1[k0]) / ave - rF);
            jac.add(i, 1, 0, 0, e.jnN1[k1] / ave);
            jac.add(i, 1, 0, 2, e.jnF1[k1] / ave);
            // hole continuity: R − G + (Jp_k1 − Jp_k0)/ave
            jac.add(i, -1, 1, 1, -e.jpP0[k0] / ave);
            jac.add(i, -1, 1, 2, -e.jpF0[k0] / ave);
            jac.add(i, 0, 1, 0, rN);
            jac.add(i, 0, 1, 1, (e.jpP0[k1] - e.jpP1[k0]) / ave + rP);
            jac.add(i, 0, 1, 2, (e.jpF0[k1] - e.jpF1[k0]) / ave + rF);
            jac.add(i, 1, 1, 1, e.jpP1[k1] / ave);
            jac.add(i, 1, 1, 2, e.jpF1[k1] / ave);
            // Poisson: ∂/∂φn = n, ∂/∂φp = p, ∂/∂φ = stencil + n + p
            double el = (c.eps[i - 1] + c.eps[i]) / 2 / c.dgrid[i - 1] / ave, er = (c.eps[i] + c.eps[i + 1]) / 2 / c.dgrid[i] / ave;
            jac.add(i, -1, 2, 2, -el);
            jac.add(i, 0, 2, 0, nn);
            jac.add(i, 0, 2, 1, pp);
            jac.add(i, 0, 2, 2, el + er + nn + pp);
            jac.add(i, 1, 2, 2, -er);
        }
        int l = n - 1;
        double n0 = density(c, x, 0, true), p0 = density(c, x, 0, false);
        jac.add(0, 0, 0, 0, e.jnN0[0] - c.snl * n0);
        jac.add(0, 0, 0, 2, e.jnF0[0] - c.snl * n0);
        jac.add(0, 1, 0, 0, e.jnN1[0]);
        jac.add(0, 1, 0, 2, e.jnF1[0]);
        jac.add(0, 0, 1, 1, e.jpP0[0] - c.spl * p0);
        jac.add(0, 0, 1, 2, e.jpF0[0] - c.spl * p0);
        jac.add(0, 1, 1, 1, e.jpP1[0]);
        jac.add(0, 1, 1, 2, e.jpF1[0]);
        jac.add(0, 0, 2, 2, 1);
        double nl = density(c, x, l, true), pl = density(c, x, l, false);
        jac.add(l, -1, 0, 0, e.jnN0[l - 1]);
        jac.add(l, -1, 0, 2, e.jnF0[l - 1]);
        jac.add(l, 0, 0, 0, e.jnN1[l - 1] + c.snr * nl);
        jac.add(l, 0, 0, 2, e.jnF1[l - 1] + c.snr * nl);
        jac.add(l, -1, 1, 1, e.jpP0[l - 1]);
        jac.add(l, -1, 1, 2, e.jpF0[l - 1]);
        jac.add(l, 0, 1, 1, e.jpP1[l - 1] + c.spr * pl);
        jac.add(l, 0, 1, 2, e.jpF1[l - 1] + c.spr * pl);
        jac.add(l, 0, 2, 2, 1);
        return jac;
    }

    /**
     * The equilibrium residual [3n]: Poisson with φn = φp = 0 and the contact potentials in the φ rows, and the rows
     * of φn and φp fixing them to their current value (zero), as deltapv's {@code comp_F_eq} embedded in the full layout.
     */
    public static double[] residualEq(PvCell c, double[] x) {
        int n = c.n;
        double[] b = boundary(c, 0);
        double[] f = new double[3 * n];
        for (int i = 0; i < n; i++) { f[3 * i] = x[3 * i]; f[3 * i + 1] = x[3 * i + 1]; }
        for (int i = 1; i < n - 1; i++) {
            f[3 * i + 2] = poisson(c, x, i) - (-density(c, x, i, true) + density(c, x, i, false) + c.ndop[i]);
        }
        f[2] = x[2] - b[0];
        f[3 * n - 1] = x[3 * n - 1] - b[1];
        return f;
    }

    /** ∂F/∂x of {@link #residualEq}. */
    public static BlockTridiagonal jacobianEq(PvCell c, double[] x) {
        int n = c.n;
        BlockTridiagonal jac = new BlockTridiagonal(n);
        for (int i = 0; i < n; i++) { jac.add(i, 0, 0, 0, 1); jac.add(i, 0, 1, 1, 1); }
        for (int i = 1; i < n - 1; i++) {
            double ave = (c.dgrid[i - 1] + c.dgrid[i]) / 2;
            double el = (c.eps[i - 1] + c.eps[i]) / 2 / c.dgrid[i - 1] / ave, er = (c.eps[i] + c.eps[i + 1]) / 2 / c.dgrid[i] / ave;
            jac.add(i, -1, 2, 2, -el);
            jac.add(i, 0, 2, 2, el + er + density(c, x, i, true) + density(c, x, i, false));
            jac.add(i, 1, 2, 2, -er);
        }
        jac.add(0, 0, 2, 2, 1);
        jac.add(n - 1, 0, 2, 2, 1);
        return jac;
    }

    /** Total current, the mean over the n−1 intervals of Jn + Jp (dimensionless), as deltapv's {@code total_current}. */
    public static double totalCurrent(PvCell c, double[] x) {
        Edges e = edges(c, x, false);
        double s = 0;
        for (int k = 0; k < c.n - 1; k++) s += e.jn[k] + e.jp[k];
        return s / (c.n - 1);
    }

    /** Electron and hole currents per interval, A/cm², {jn, jp} [2][n−1]. */
    static double[][] currents(PvCell c, double[] x) {
        Edges e = edges(c, x, false);
        double[][] out = {e.jn.clone(), e.jp.clone()};
        for (double[] a : out) for (int k = 0; k < a.length; k++) a[k] *= PvScales.CURRENT;
        return out;
    }
}
