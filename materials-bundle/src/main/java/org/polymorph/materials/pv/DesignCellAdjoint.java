package org.polymorph.materials.pv;

/**
 * The adjoint of {@link PvDesign#cell}: a {@link CellGradient} (∂L/∂ cell parameters, dimensionless) becomes ∂L/∂
 * design inputs in the order and units of {@link DesignInputs}. Point i takes its parameters from the layer that
 * owns it (a fixed assignment: moving a layer boundary across a grid point is a jump, as in deltapv); every
 * thickness moves every grid point, x_i = L·i/(n−1) with L the total thickness, so each layer's thickness has the
 * same derivative through the spacing and through the optical depth of the Beer–Lambert generation.
 */
final class DesignCellAdjoint {
    private final PvDesign design;
    private final int[] owner;
    private final int n;
    private final double[] a, xCm;
    private final BeerLambert optics;

    DesignCellAdjoint(PvDesign design, SunSpectrum sun) {
        this.design = design;
        this.owner = design.layerPoints();
        this.n = design.gridPoints();
        double[] egEv = new double[n];
        this.a = new double[n];
        for (int i = 0; i < n; i++) {
            PvDesign.Material m = design.layers().get(owner[i]).material();
            egEv[i] = m.eg();
            a[i] = m.a();
        }
        this.xCm = design.gridCm();
        this.optics = new BeerLambert(xCm, a, egEv, sun);
    }

    /** ∂L/∂(design inputs) [DesignInputs order] from the cell cotangent {@code cg}. */
    double[] inputs(CellGradient cg) {
        int layers = design.layers().size();
        int per = DesignInputs.PER_LAYER;
        double[] out = new double[per * layers + DesignInputs.CONTACT_KEYS.size()];
        double e = PvScales.ENERGY, dens = PvScales.DENSITY, time = PvScales.TIME;
        double[] gA = new double[n], gEg = new double[n];
        double gTotal = generation(cg.g, gA, gEg);
        for (int k = 0; k < n - 1; k++) gTotal += cg.dgrid[k] / (n - 1) / PvScales.LENGTH;
        for (int i = 0; i < n; i++) {
            int o = per * owner[i];
            out[o + 1] += cg.ndop[i] / dens;
            out[o + 2] += cg.eg[i] / e + gEg[i];
            out[o + 3] += cg.chi[i] / e;
            out[o + 4] += cg.eps[i];
            out[o + 5] += cg.nc[i] / dens;
            out[o + 6] += cg.nv[i] / dens;
            out[o + 7] += cg.mn[i] / PvScales.MOBILITY;
            out[o + 8] += cg.mp[i] / PvScales.MOBILITY;
            out[o + 9] += cg.tn[i] / time;
            out[o + 10] += cg.tp[i] / time;
            out[o + 11] += cg.et[i] / e;
            out[o + 12] += gA[i];
            out[o + 13] += cg.br[i] * time * dens;
            out[o + 14] += cg.cn[i] * time * dens * dens;
            out[o + 15] += cg.cp[i] * time * dens * dens;
        }
        // every layer's thickness (µm) adds 1e-4 cm to the total thickness
        for (int k = 0; k < layers; k++) out[per * k] = gTotal * 1e-4;
        double v = PvScales.VELOCITY;
        int c = per * layers;
        PvDesign.Contacts ct = design.contacts();
        out[c] = cg.snl / v;
        out[c + 1] = cg.spl / v;
        out[c + 2] = cg.snr / v;
        out[c + 3] = cg.spr / v;
        out[c + 4] = ct.phiMLeft() > 0 ? cg.phiM0 / e : 0;
        out[c + 5] = ct.phiMRight() > 0 ? cg.phiML / e : 0;
        return out;
    }

    /**
     * The adjoint of {@link PvDesign#generation}: from ∂L/∂G [n] (dimensionless) adds ∂L/∂A into {@code gA} and
     * ∂L/∂Eg (eV) into {@code gEg} per point, and returns ∂L/∂(total thickness, cm) through the optical depth.
     * G_i = Σ_λ φ₀ α_i e^(−D_i), D_i = Σ_{k<i} α_k Δ_k, α = A √(hc/λ − Eg) (Δ in m, α in 1/m).
     */
    private double generation(double[] gBar, double[] gA, double[] gEg) {
        double scale = 1 / 1e6 / PvScales.GRATE;
        double gDelta = 0;
        for (int w = 0; w < optics.alpha.length; w++) {
            double[] al = optics.alpha[w], at = optics.attenuated[w], root = optics.rootExcess[w];
            // suffix = ∂L/∂D summed over the points beyond i, whose depth holds α_i Δ_i
            double suffix = 0;
            for (int i = n - 1; i >= 0; i--) {
                double gb = gBar[i] * scale;
                double gAlpha = gb * at[i];
                if (i < n - 1) {
                    double delta = (xCm[i + 1] - xCm[i]) * 1e-2;
                    gAlpha += suffix * delta;
                    gDelta += suffix * al[i];
                }
                suffix -= gb * at[i] * al[i];
                // α = A·ROOT·√(hc/λ − Eg): ∂α/∂A = ROOT·√(…), ∂α/∂Eg (eV) = −A·ROOT·q/(2√(…)) above the gap
                gA[i] += gAlpha * BeerLambert.ROOT * root[i];
                if (root[i] > 0) gEg[i] -= gAlpha * a[i] * BeerLambert.ROOT * PvScales.Q / (2 * root[i]);
            }
        }
        // Δ_k (m) = 1e-2 · L(cm)/(n−1)
        return gDelta * 1e-2 / (n - 1);
    }
}
