package org.polymorph.materials.patchy;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The differentiable parameters of a {@link PatchyModel}, a pytree (every component may carry derivatives).
 *
 * <p>Patch–patch attraction (Morse, jax-md's {@code energy.morse}; the toolbox's MorseX):
 * U(r) = ε_ab [(1 − e^{−α_ab (r − r0)})² − 1]·S(r), S the model's {@link Cutoff}; a negative ε_ab gives the toolbox's
 * repulsive MorseX between like patches. Core repulsion (jax-md's {@code soft_sphere}):
 * U(r) = (ε_c/α_c)(1 − r/σ_c)^{α_c} for r &lt; σ_c, 0 beyond. The toolbox's repulsion (A/(α r_max))(r_max − r)^α is
 * this with σ_c = r_max and ε_c = A σ_c^{α−1}. Energies in units of kT when used for yields.
 *
 * @param patches    body-frame patch positions per body type, [m_t, d] each, length units
 * @param morseEps   ε_ab [S, S], symmetric, energy units
 * @param morseAlpha α_ab [S, S], symmetric, inverse length
 * @param morseR0    r0, scalar, length units (0 in the King–Du scripts and the toolbox)
 * @param coreEps    ε_c, scalar, energy units
 * @param coreSigma  σ_c (contact distance of two cores), scalar, length units
 * @param coreAlpha  α_c, scalar (2 in jax-md's default, 2.5 in the toolbox)
 */
public record PatchyParams(Var[] patches, Var morseEps, Var morseAlpha, Var morseR0, Var coreEps, Var coreSigma, Var coreAlpha) {
    /** Constants from plain arrays: patches [t][m·d] row-major, eps and alpha [S][S]. */
    public static PatchyParams of(Ops o, int dimension, double[][] patches, double[][] eps, double[][] alpha, double r0,
                                  double coreEps, double coreSigma, double coreAlpha) {
        Var[] p = new Var[patches.length];
        for (int t = 0; t < p.length; t++) p[t] = o.constant(patches[t], patches[t].length / dimension, dimension);
        return new PatchyParams(p, matrix(o, eps), matrix(o, alpha), scalar(o, r0), scalar(o, coreEps), scalar(o, coreSigma),
                scalar(o, coreAlpha));
    }

    private static Var scalar(Ops o, double v) { return o.constant(new double[] {v}); }

    private static Var matrix(Ops o, double[][] m) {
        int s = m.length;
        double[] flat = new double[s * s];
        for (int i = 0; i < s; i++) {
            if (m[i].length != s) throw new IllegalArgumentException("Morse matrix row " + i + " has " + m[i].length + " entries; give "
                    + s + " (one per patch species)");
            for (int j = 0; j < s; j++) {
                if (m[i][j] != m[j][i]) throw new IllegalArgumentException("Morse matrix entry [" + i + "][" + j + "] = " + m[i][j]
                        + " differs from [" + j + "][" + i + "] = " + m[j][i] + "; give a symmetric matrix");
                flat[i * s + j] = m[i][j];
            }
        }
        return o.constant(flat, s, s);
    }
}
