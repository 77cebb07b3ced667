package org.polymorph.materials.pv;

/**
 * The derivatives of {@link PvResidual}'s residual F(x; θ, v) and total current J(x; θ) that the implicit-function
 * gradient needs besides ∂F/∂x: ∂J/∂x, and the vector–Jacobian product of (J, F) with the cell parameters θ at a fixed
 * state x. With x*(θ) solving F = 0, dJ/dθ = ∂J/∂θ − λᵀ ∂F/∂θ where (∂F/∂x)ᵀ λ = (∂J/∂x)ᵀ (the adjoint of Mann et
 * al., arXiv 2105.06305, §2.4, written out by hand for deltapv's discretisation). Units as {@link PvCell}.
 */
final class PvResidualAdjoint {
    private PvResidualAdjoint() { }

    /** ∂J/∂x [3n] of the dimensionless total current (the mean of Jn + Jp over the n−1 intervals). */
    static double[] currentGradient(PvCell c, double[] x) {
        int n = c.n;
        PvResidual.Edges e = PvResidual.edges(c, x, true);
        double s = 1.0 / (n - 1);
        double[] out = new double[3 * n];
        for (int k = 0; k < n - 1; k++) {
            out[3 * k] += s * e.jnN0[k];
            out[3 * k + 3] += s * e.jnN1[k];
            out[3 * k + 1] += s * e.jpP0[k];
            out[3 * k + 4] += s * e.jpP1[k];
            out[3 * k + 2] += s * (e.jnF0[k] + e.jpF0[k]);
            out[3 * k + 5] += s * (e.jnF1[k] + e.jpF1[k]);
        }
        return out;
    }

    /**
     * Adds to {@code out} the gradient with respect to the cell parameters, at fixed state {@code x} [3n] and bias v,
     * of L = wJ·J(x; θ) + Σᵢ lam[i]·Fᵢ(x; θ, v) ({@code lam} [3n]).
     */
    static void accumulate(PvCell c, double[] x, double[] lam, double wJ, CellGradient out) {
        int n = c.n, l = n - 1;
        PvResidual.Edges e = PvResidual.edges(c, x, true);
        // weights on each interval's Jn and Jp
        double[] wn = new double[n - 1], wp = new double[n - 1];
        for (int k = 0; k < n - 1; k++) { wn[k] = wJ / (n - 1); wp[k] = wJ / (n - 1); }
        wn[0] += lam[0];
        wp[0] += lam[1];
        wn[l - 1] += lam[3 * l];
        wp[l - 1] += lam[3 * l + 1];
        for (int i = 1; i < n - 1; i++) {
            double ave = (c.dgrid[i - 1] + c.dgrid[i]) / 2;
            wn[i] += lam[3 * i] / ave;
            wn[i - 1] -= lam[3 * i] / ave;
            wp[i] += lam[3 * i + 1] / ave;
            wp[i - 1] -= lam[3 * i + 1] / ave;
            // the divergence's 1/ave, ave = (Δx_{i−1} + Δx_i)/2
            double gAve = -(lam[3 * i] * (e.jn[i] - e.jn[i - 1]) + lam[3 * i + 1] * (e.jp[i] - e.jp[i - 1])) / (ave * ave);
            out.dgrid[i - 1] += gAve / 2;
            out.dgrid[i] += gAve / 2;
            interior(c, x, i, lam, out);
        }
        for (int k = 0; k < n - 1; k++) edge(c, e, k, wn[k], wp[k], out);
        contacts(c, x, lam, out);
    }

    /** Jn = μn e^ψ0 B(ψ0 − ψ1) (e^φn1 − e^φn0)/Δx with ψ = χ + ln Nc + φ; Jp with s = χ + Eg − ln Nv + φ. */
    private static void edge(PvCell c, PvResidual.Edges e, int k, double wn, double wp, CellGradient out) {
        double dx = c.dgrid[k];
        out.mn[k] += wn * e.jn[k] / c.mn[k];
        out.mp[k] += wp * e.jp[k] / c.mp[k];
        out.dgrid[k] -= (wn * e.jn[k] + wp * e.jp[k]) / dx;
        // ∂Jn/∂ψ0 = ∂Jn/∂φ0 = jnF0, ∂Jn/∂ψ1 = jnF1
        out.chi[k] += wn * e.jnF0[k];
        out.nc[k] += wn * e.jnF0[k] / c.nc[k];
        out.chi[k + 1] += wn * e.jnF1[k];
        out.nc[k + 1] += wn * e.jnF1[k] / c.nc[k + 1];
        // ∂Jp/∂s0 = jpF0, ∂Jp/∂s1 = jpF1
        out.chi[k] += wp * e.jpF0[k];
        out.eg[k] += wp * e.jpF0[k];
        out.nv[k] -= wp * e.jpF0[k] / c.nv[k];
        out.chi[k + 1] += wp * e.jpF1[k];
        out.eg[k + 1] += wp * e.jpF1[k];
        out.nv[k + 1] -= wp * e.jpF1[k] / c.nv[k + 1];
    }

    /** Rows 3i..3i+2 of an interior point: recombination, generation, the Poisson stencil and its charge. */
    private static void interior(PvCell c, double[] x, int i, double[] lam, CellGradient out) {
        double nn = PvResidual.density(c, x, i, true), pp = PvResidual.density(c, x, i, false);
        double wr = -lam[3 * i] + lam[3 * i + 1];
        double lp = lam[3 * i + 2];
        out.g[i] += lam[3 * i] - lam[3 * i + 1];
        out.ndop[i] -= lp;
        // R = (np − ni²)/den + Br (np − ni²) + (Cn n + Cp p)(np − ni²), den = τp(ni e^Et + n) + τn(ni e^−Et + p)
        double ni = c.ni(i);
        double ep = Math.exp(c.et[i]), em = Math.exp(-c.et[i]);
        double num = nn * pp - ni * ni;
        double den = c.tp[i] * (ni * ep + nn) + c.tn[i] * (ni * em + pp);
        double aug = c.cn[i] * nn + c.cp[i] * pp;
        double q = num / (den * den);
        double[] dr = PvResidual.recombinationPartials(c, i, nn, pp);
        double drNi = -2 * ni / den - q * (c.tp[i] * ep + c.tn[i] * em) - 2 * ni * c.br[i] - 2 * ni * aug;
        out.tp[i] -= wr * q * (ni * ep + nn);
        out.tn[i] -= wr * q * (ni * em + pp);
        out.et[i] -= wr * q * (c.tp[i] * ni * ep - c.tn[i] * ni * em);
        out.br[i] += wr * num;
        out.cn[i] += wr * nn * num;
        out.cp[i] += wr * pp * num;
        // ni = √(Nc Nv) e^(−Eg/2)
        double wni = wr * drNi * ni;
        out.nc[i] += wni / (2 * c.nc[i]);
        out.nv[i] += wni / (2 * c.nv[i]);
        out.eg[i] -= wni / 2;
        // densities n = Nc e^(χ+φn+φ), p = Nv e^(−χ−Eg−φp−φ); the Poisson row holds −(−n + p + N)
        double wN = (wr * dr[0] + lp) * nn, wP = (wr * dr[1] - lp) * pp;
        out.nc[i] += wN / c.nc[i];
        out.chi[i] += wN - wP;
        out.nv[i] += wP / c.nv[i];
        out.eg[i] -= wP;
        // stencil P = (εl (φi − φi−1)/Δx_{i−1} − εr (φi+1 − φi)/Δx_i)/ave, εl, εr the means of neighbouring ε
        double d0 = c.dgrid[i - 1], d1 = c.dgrid[i], ave = (d0 + d1) / 2;
        double gl = (x[3 * i + 2] - x[3 * i - 1]) / d0, gr = (x[3 * i + 5] - x[3 * i + 2]) / d1;
        double el = (c.eps[i - 1] + c.eps[i]) / 2, er = (c.eps[i] + c.eps[i + 1]) / 2;
        double pois = (el * gl - er * gr) / ave;
        out.eps[i - 1] += lp * 0.5 * gl / ave;
        out.eps[i] += lp * 0.5 * (gl - gr) / ave;
        out.eps[i + 1] -= lp * 0.5 * gr / ave;
        out.dgrid[i - 1] += lp * (-el * gl / d0 / ave - pois / (2 * ave));
        out.dgrid[i] += lp * (er * gr / d1 / ave - pois / (2 * ave));
    }

    /** The contact rows: surface recombination against the equilibrium densities, and the fixed potentials. */
    private static void contacts(PvCell c, double[] x, double[] lam, CellGradient out) {
        int l = c.n - 1;
        double[] b = PvResidual.boundary(c, 0);
        double n0 = PvResidual.density(c, x, 0, true), p0 = PvResidual.density(c, x, 0, false);
        double nl = PvResidual.density(c, x, l, true), pl = PvResidual.density(c, x, l, false);
        out.snl -= lam[0] * (n0 - b[2]);
        out.spl += lam[1] * (p0 - b[4]);
        out.snr += lam[3 * l] * (nl - b[3]);
        out.spr -= lam[3 * l + 1] * (pl - b[5]);
        // the densities at the contacts and the equilibrium ones n_eq = Nc e^(χ+φc), p_eq = Nv e^(−χ−Eg−φc)
        electrons(c, 0, -lam[0] * c.snl, n0, out);
        electrons(c, 0, lam[0] * c.snl, b[2], out);
        holes(c, 0, lam[1] * c.spl, p0, out);
        holes(c, 0, -lam[1] * c.spl, b[4], out);
        electrons(c, l, lam[3 * l] * c.snr, nl, out);
        electrons(c, l, -lam[3 * l] * c.snr, b[3], out);
        holes(c, l, -lam[3 * l + 1] * c.spr, pl, out);
        holes(c, l, lam[3 * l + 1] * c.spr, b[5], out);
        // ∂/∂φc: n_eq grows as e^φc, p_eq as e^−φc; the potential rows hold φ − φc
        double phi0 = lam[0] * c.snl * b[2] + lam[1] * c.spl * b[4] - lam[2];
        double phiL = -lam[3 * l] * c.snr * b[3] - lam[3 * l + 1] * c.spr * b[5] - lam[3 * l + 2];
        contactPotential(c, 0, c.phiM0, phi0, out, true);
        contactPotential(c, l, c.phiML, phiL, out, false);
    }

    /** Adds w·∂(Nc e^(χ+…))/∂(Nc, χ) at point i for an electron density of value {@code dens}. */
    private static void electrons(PvCell c, int i, double w, double dens, CellGradient out) {
        out.nc[i] += w * dens / c.nc[i];
        out.chi[i] += w * dens;
    }

    /** Adds w·∂(Nv e^(−χ−Eg−…))/∂(Nv, χ, Eg) at point i for a hole density of value {@code dens}. */
    private static void holes(PvCell c, int i, double w, double dens, CellGradient out) {
        out.nv[i] += w * dens / c.nv[i];
        out.chi[i] -= w * dens;
        out.eg[i] -= w * dens;
    }

    /**
     * The contact potential φc of {@link PvCell#contactPhi} with cotangent {@code w}: −Φ_M for a Schottky contact,
     * else −χ + ln(N/Nc) (n-type) or −χ − Eg − ln(−N/Nv) (p-type) at the contact point i.
     */
    private static void contactPotential(PvCell c, int i, double phiM, double w, CellGradient out, boolean left) {
        if (phiM > 0) {
            if (left) out.phiM0 -= w; else out.phiML -= w;
            return;
        }
        out.chi[i] -= w;
        if (c.ndop[i] > 0) {
            out.ndop[i] += w / c.ndop[i];
            out.nc[i] -= w / c.nc[i];
        } else {
            out.eg[i] -= w;
            out.ndop[i] -= w / c.ndop[i];
            out.nv[i] += w / c.nv[i];
        }
    }
}
