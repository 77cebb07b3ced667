package org.polymorph.materials.internal.patchy;

import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;

/**
 * The derivatives ∂U/∂θ of a configuration's potential energy with respect to the model's parameters at fixed body
 * origins and rotations, on plain arrays: body-frame patch positions, per-species-pair Morse ε_ab and α_ab, and the
 * core ε_c. U is {@link PatchyPair}'s energy summed over pairs of points on different bodies (minimum image in the
 * configuration's periodic box), the same as the rigid engine's; these are the ∂U/∂θ of the canonical reweighting
 * estimator d⟨A⟩/dθ = −β(⟨A ∂U/∂θ⟩ − ⟨A⟩⟨∂U/∂θ⟩) ({@link ReweightedGradient}). The body origins are the coordinates
 * held fixed: their measure does not depend on θ, so the configurational integral's θ dependence is U's alone.
 *
 * <p>Morse term of a patch pair at distance r (m = e^{−α(r − r0)} − 1, S the cut-off factor):
 * φ = ε(m² − 1)S, ∂φ/∂ε = (m² − 1)S, ∂φ/∂α = −2ε m (m + 1)(r − r0) S; soft-sphere cores: ∂φ/∂ε_c = (1 − r/σ_c)^{α_c}/α_c
 * for r &lt; σ_c; a patch at body-frame p on body i with world position x_i + R_i p: ∂U/∂p = R_iᵀ ∂U/∂w. All body
 * pairs are visited (O(n²) per configuration, no neighbour list): meant for the tens to hundreds of bodies of
 * patchy.simulate and the kagome design, sampled every few tens of steps.
 */
final class EnergySlopes {
    /**
     * @param energy  U (energy units)
     * @param patches ∂U/∂p [t][m·d], row-major as {@link org.polymorph.materials.patchy.PatchyParams#patches()}
     * @param eps     ∂U/∂ε_ab [S][S] of the symmetric parameter (ε_ab and ε_ba moved together), mirrored
     * @param alpha   ∂U/∂α_ab [S][S], likewise
     * @param coreEps ∂U/∂ε_c
     */
    record Slopes(double energy, double[][] patches, double[][] eps, double[][] alpha, double coreEps) { }

    private final PatchyModel model;
    private final PatchyPair pair;
    private final double[][] patches;
    private final double[][] eps, alpha;
    private final double r0, coreSigma, coreAlpha;

    /** Parameter values: patches [t][m·d], ε and α [S][S] symmetric, r0, ε_c, σ_c, α_c (as {@link PatchyPair#of}). */
    EnergySlopes(PatchyModel model, double[][] patches, double[][] eps, double[][] alpha, double r0, double coreEps, double coreSigma,
                 double coreAlpha) {
        this.model = model;
        this.pair = PatchyPair.of(model, eps, alpha, r0, coreEps, coreSigma, coreAlpha);
        this.patches = patches;
        this.eps = eps;
        this.alpha = alpha;
        this.r0 = r0;
        this.coreSigma = coreSigma;
        this.coreAlpha = coreAlpha;
    }

    /** U and its parameter derivatives at {@code c} (body origins and rotations of this model's body frame). */
    Slopes of(Configuration c) {
        int n = c.size(), d = model.dimension(), s = model.patchSpecies(), types = pair.types();
        int[] t = c.types();
        double[][] rot = c.rotations();
        double[] box = c.box();
        double[][][] cores = new double[n][][], pts = new double[n][][];
        for (int i = 0; i < n; i++) {
            BodyType bt = model.types().get(t[i]);
            cores[i] = bt.cores();
            for (int k = 0; k < cores[i].length; k++) cores[i][k] = c.world(i, cores[i][k]);
            pts[i] = new double[bt.patchCount()][];
            for (int k = 0; k < pts[i].length; k++) pts[i][k] = c.world(i, java.util.Arrays.copyOfRange(patches[t[i]], d * k, d * k + d));
        }
        double[][] dp = new double[patches.length][];
        for (int k = 0; k < dp.length; k++) dp[k] = new double[patches[k].length];
        double[][] de = new double[s][s], da = new double[s][s];
        double energy = 0, dCore = 0;
        double[] phi = new double[2], dx = new double[d];
        for (int i = 0; i < n; i++) {
            int[] si = model.types().get(t[i]).patchSpecies();
            for (int j = i + 1; j < n; j++) {
                int[] sj = model.types().get(t[j]).patchSpecies();
                for (double[] a : cores[i]) {
                    for (double[] b : cores[j]) {
                        double r = separation(box, a, b, dx);
                        pair.eval(r, 0, phi);
                        energy += phi[0];
                        if (r < coreSigma) dCore += Math.pow(1 - r / coreSigma, coreAlpha) / coreAlpha;
                    }
                }
                for (int k = 0; k < pts[i].length; k++) {
                    for (int l = 0; l < pts[j].length; l++) {
                        double r = separation(box, pts[i][k], pts[j][l], dx);
                        pair.eval(r, (1 + si[k]) * types + 1 + sj[l], phi);
                        if (phi[0] == 0 && phi[1] == 0) continue;
                        energy += phi[0];
                        int lo = Math.min(si[k], sj[l]), hi = Math.max(si[k], sj[l]);
                        double sw = model.cutoff().factor(r), e = eps[lo][hi], al = alpha[lo][hi];
                        double m = Math.expm1(-al * (r - r0));
                        de[lo][hi] += (m * m - 1) * sw;
                        da[lo][hi] += -2 * e * m * (m + 1) * (r - r0) * sw;
                        // ∂U/∂w_i = φ'(r) (w_i − w_j)/r; w_j takes the opposite; r = 0 (coinciding patches, the minimum) gives 0
                        if (r == 0) continue;
                        double g = phi[1] / r;
                        for (int a = 0; a < d; a++) {
                            for (int b = 0; b < d; b++) {
                                dp[t[i]][d * k + b] += rot[i][a * d + b] * g * dx[a];
                                dp[t[j]][d * l + b] -= rot[j][a * d + b] * g * dx[a];
                            }
                        }
                    }
                }
            }
        }
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++) {
                de[b][a] = de[a][b];
                da[b][a] = da[a][b];
            }
        }
        return new Slopes(energy, dp, de, da, dCore);
    }

    /** |x − y| by the minimum image in the periodic box of edges {@code box} [d] (plain when null), with x − y to {@code dx}. */
    private static double separation(double[] box, double[] x, double[] y, double[] dx) {
        double r2 = 0;
        for (int a = 0; a < dx.length; a++) {
            dx[a] = x[a] - y[a];
            if (box != null) dx[a] -= box[a] * Math.rint(dx[a] / box[a]);
            r2 += dx[a] * dx[a];
        }
        return Math.sqrt(r2);
    }
}
