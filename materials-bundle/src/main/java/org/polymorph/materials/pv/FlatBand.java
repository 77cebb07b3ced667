package org.polymorph.materials.pv;

/**
 * The flat-band work function of a uniformly doped semiconductor, as deltapv's {@code physics.flatband_wf(Nc, Nv, Eg,
 * Chi, N)}: with kT/q in eV, n_i = √(Nc·Nv)·exp(−Eg / 2kT), E_Fi = −Chi − Eg/2 + (kT/2)·ln(Nc/Nv) and
 * ΔE_F = s·kT·ln(|N| / n_i) with s the sign of N (donors positive; deltapv takes s = −1 for N = 0, where the value
 * is infinite), the work function is −E_Fi − ΔE_F (eV). Its partial derivatives are exact:
 * ∂/∂Chi = 1, ∂/∂Eg = (1 − s)/2, ∂/∂Nc = kT(s − 1)/(2 Nc), ∂/∂Nv = kT(1 + s)/(2 Nv), ∂/∂N = −s·kT/N.
 */
public final class FlatBand {
    private FlatBand() { }

    /**
     * The work function (eV) and its partial derivatives.
     *
     * @param value the work function, eV
     * @param dNc ∂/∂Nc, eV·cm³
     * @param dNv ∂/∂Nv, eV·cm³
     * @param dEg ∂/∂Eg, dimensionless
     * @param dChi ∂/∂Chi, dimensionless
     * @param dN ∂/∂N (net doping), eV·cm³
     */
    public record WorkFunction(double value, double dNc, double dNv, double dEg, double dChi, double dN) { }

    /**
     * deltapv's {@code flatband_wf} of a material with effective densities of states {@code nc}, {@code nv} (cm⁻³),
     * gap {@code eg} and affinity {@code chi} (eV) and net doping {@code n} (cm⁻³, donors positive) at 300 K.
     */
    public static WorkFunction of(double nc, double nv, double eg, double chi, double n) {
        double kt = PvScales.ENERGY;
        double s = n > 0 ? 1 : -1;
        double ni = Math.sqrt(nc * nv) * Math.exp(-eg / (2 * kt));
        double efi = -chi - eg / 2 + kt / 2 * Math.log(nc / nv);
        double def = s * kt * Math.log(Math.abs(n) / ni);
        return new WorkFunction(-efi - def, kt * (s - 1) / (2 * nc), kt * (1 + s) / (2 * nv), (1 - s) / 2, 1, -s * kt / n);
    }
}
