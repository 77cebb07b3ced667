package org.polymorph.materials.pv;

/**
 * The parameters of the discretised drift-diffusion system, all dimensionless ({@link PvScales}), as deltapv's
 * {@code PVCell}: per grid point [n] the relative permittivity {@code eps}, electron affinity {@code chi}, band gap
 * {@code eg}, effective densities of states {@code nc}, {@code nv}, mobilities {@code mn}, {@code mp}, lifetimes
 * {@code tn}, {@code tp}, trap level {@code et}, radiative {@code br} and Auger {@code cn}, {@code cp} coefficients,
 * net doping {@code ndop} (donors positive) and optical generation {@code g}; per interval [n−1] the spacing
 * {@code dgrid}; the contact recombination velocities and work functions (≤ 0: ohmic). The residual and Jacobian of
 * {@link PvResidual} are functions of this parameter set and the state, so that an implicit-function gradient can
 * reuse them.
 */
public final class PvCell {
    final int n;
    final double[] eps, chi, eg, nc, nv, mn, mp, tn, tp, et, br, cn, cp, ndop, g, dgrid;
    final double snl, snr, spl, spr, phiM0, phiML;

    PvCell(double[] eps, double[] chi, double[] eg, double[] nc, double[] nv, double[] mn, double[] mp, double[] tn, double[] tp,
           double[] et, double[] br, double[] cn, double[] cp, double[] ndop, double[] g, double[] dgrid,
           double snl, double snr, double spl, double spr, double phiM0, double phiML) {
        this.n = eps.length;
        this.eps = eps; this.chi = chi; this.eg = eg; this.nc = nc; this.nv = nv; this.mn = mn; this.mp = mp;
        this.tn = tn; this.tp = tp; this.et = et; this.br = br; this.cn = cn; this.cp = cp; this.ndop = ndop;
        this.g = g; this.dgrid = dgrid;
        this.snl = snl; this.snr = snr; this.spl = spl; this.spr = spr; this.phiM0 = phiM0; this.phiML = phiML;
    }

    /** Grid points. */
    public int points() { return n; }

    /** Optical generation, cm⁻³ s⁻¹ [n]. */
    public double[] generation() {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = g[i] * PvScales.GRATE;
        return out;
    }

    /**
     * Profiles of a state x [3n] ((φn, φp, φ) per point, kT/q): band edges Ec = −χ − φ and Ev = Ec − Eg and quasi-Fermi
     * levels Efn = φn, Efp = φp (eV), densities n, p (cm⁻³), generation G and recombination R (cm⁻³ s⁻¹), each [n].
     */
    public record Profiles(double[] ec, double[] ev, double[] efn, double[] efp, double[] n, double[] p, double[] g, double[] r) { }

    /** The {@link Profiles} of state {@code x} [3n]. */
    public Profiles profiles(double[] x) {
        double e = PvScales.ENERGY;
        double[] ec = new double[n], ev = new double[n], efn = new double[n], efp = new double[n];
        double[] dn = new double[n], dp = new double[n], gg = new double[n], rr = new double[n];
        for (int i = 0; i < n; i++) {
            ec[i] = (-chi[i] - x[3 * i + 2]) * e;
            ev[i] = ec[i] - eg[i] * e;
            efn[i] = x[3 * i] * e;
            efp[i] = x[3 * i + 1] * e;
            double ni = PvResidual.density(this, x, i, true), pi = PvResidual.density(this, x, i, false);
            dn[i] = ni * PvScales.DENSITY;
            dp[i] = pi * PvScales.DENSITY;
            gg[i] = g[i] * PvScales.GRATE;
            rr[i] = PvResidual.recombination(this, i, ni, pi) * PvScales.GRATE;
        }
        return new Profiles(ec, ev, efn, efp, dn, dp, gg, rr);
    }

    /** Intrinsic density ni = √(Nc Nv) e^(−Eg/2), dimensionless, at point i. */
    double ni(int i) { return Math.sqrt(nc[i] * nv[i]) * Math.exp(-eg[i] / 2); }

    /**
     * The equilibrium contact potentials (φ(0), φ(L)) as deltapv's {@code bcond.boundary_phi}: ohmic from the doping
     * at the contact point, or −Φ_M of a Schottky contact whose work function is positive.
     */
    double[] contactPhi() {
        return new double[] {phiM0 > 0 ? -phiM0 : ohmic(0), phiML > 0 ? -phiML : ohmic(n - 1)};
    }

    private double ohmic(int i) {
        return ndop[i] > 0 ? -chi[i] + Math.log(Math.abs(ndop[i] / nc[i])) : -chi[i] - eg[i] - Math.log(Math.abs(-ndop[i] / nv[i]));
    }
}
