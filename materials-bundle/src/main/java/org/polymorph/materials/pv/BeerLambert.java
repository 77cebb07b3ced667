package org.polymorph.materials.pv;

/**
 * Beer–Lambert absorption along the grid, as deltapv's {@code optical.compute_G}: per wavelength λ and point i the
 * absorption α = A·√(hc/λ − Eg) (A in cm⁻¹eV⁻½, zero below the gap) and the photon flux φ₀ = P/(hc/λ) attenuated to
 * the point, φ₀·exp(−Σ_{k<i} α_k Δx_k). Shared by the generation of {@link PvDesign#cell} and its adjoint.
 */
final class BeerLambert {
    /** 1/(1e-2 √q): α (1/m) = A · this · √(excess in J). */
    static final double ROOT = 1 / 1e-2 / Math.sqrt(PvScales.Q);

    private final int n;
    /** α, 1/m [wavelengths][n]. */
    final double[][] alpha;
    /** √(hc/λ − Eg), √J [wavelengths][n]; 0 at and below the gap. */
    final double[][] rootExcess;
    /** φ₀ e^(−D), 1/(m² s) [wavelengths][n]. */
    final double[][] attenuated;

    /** Grid positions {@code xCm} [n] (cm), A {@code a} [n] and Eg {@code egEv} [n] (eV) per point. */
    BeerLambert(double[] xCm, double[] a, double[] egEv, SunSpectrum sun) {
        n = xCm.length;
        double[] lam = sun.wavelengthNm(), pw = sun.powerWm2();
        alpha = new double[lam.length][n];
        rootExcess = new double[lam.length][n];
        attenuated = new double[lam.length][n];
        for (int w = 0; w < lam.length; w++) {
            double photon = PvScales.HC / (lam[w] * 1e-9); // J
            double flux = pw[w] / photon; // 1/(m² s)
            double depth = 0;
            for (int i = 0; i < n; i++) {
                double excess = photon - egEv[i] * PvScales.Q;
                if (excess > 0) {
                    rootExcess[w][i] = Math.sqrt(excess);
                    alpha[w][i] = a[i] / 1e-2 / Math.sqrt(PvScales.Q) * rootExcess[w][i];
                }
                if (i > 0) depth += alpha[w][i - 1] * (xCm[i] - xCm[i - 1]) * 1e-2;
                attenuated[w][i] = flux * Math.exp(-depth);
            }
        }
    }

    /** G(x) = Σ_λ φ₀ e^(−D) α, dimensionless [n]. */
    double[] generation() {
        double[] g = new double[n];
        for (int w = 0; w < alpha.length; w++) {
            for (int i = 0; i < n; i++) g[i] += attenuated[w][i] * alpha[w][i]; // 1/(m³ s)
        }
        for (int i = 0; i < n; i++) g[i] = g[i] / 1e6 / PvScales.GRATE;
        return g;
    }
}
