package org.polymorph.materials.internal.patchy;

import org.polymorph.materials.patchy.Configuration;

/**
 * The six-fold bond-orientational order of 2D body centres as in King et al.'s kagome script (PNAS 2024): for body j,
 * ψ6_j = Σ_{i≠j} w(r_ij) e^{6iθ_ij} / (Σ_{i≠j} w(r_ij) + 10⁻⁵), θ_ij the angle of the bond i → j, with the Fermi weight
 * w(r) = 1/(1 + e^{100(r − 1.1)}) (neighbours within about 1.1 length units; w = 0 below r = 10⁻⁷), minimum image in the
 * configuration's box; the order parameter is the complex mean over bodies Ψ = (1/n) Σ_j ψ6_j. Perfect triangular and
 * kagome lattices of bond length 1 give |Ψ| ≈ 1 (bonds at multiples of 60°), a square lattice 0.
 */
final class HexaticOrder {
    private static final double SHELL = 1.1, SHARPNESS = 100, FLOOR = 1e-5, SELF = 1e-7;

    private HexaticOrder() { }

    /** Ψ as {Re, Im}. */
    static double[] mean(Configuration c) {
        int n = c.size();
        double[][] x = c.centres();
        double[] box = c.box();
        double re = 0, im = 0;
        for (int j = 0; j < n; j++) {
            double sr = 0, si = 0, sw = 0;
            for (int i = 0; i < n; i++) {
                double dx = x[j][0] - x[i][0], dy = x[j][1] - x[i][1];
                if (box != null) {
                    dx -= box[0] * Math.rint(dx / box[0]);
                    dy -= box[1] * Math.rint(dy / box[1]);
                }
                double r = Math.hypot(dx, dy);
                if (i == j || r < SELF) continue;
                double w = 1 / (1 + Math.exp(SHARPNESS * (r - SHELL)));
                double a = 6 * Math.atan2(dy, dx);
                sr += w * Math.cos(a);
                si += w * Math.sin(a);
                sw += w;
            }
            re += sr / (sw + FLOOR) / n;
            im += si / (sw + FLOOR) / n;
        }
        return new double[] {re, im};
    }
}
