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
