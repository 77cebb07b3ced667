package org.polymorph.materials.internal.potential;

import org.polymorph.materials.partition.Ghosts;

/**
 * Tangents and products between the (positions, cell) of a structure and the extended atoms of its neighbour list
 * ({@link Ghosts}): extended atom e sits at x_e = r_{owner(e)} + s_e·h, with the integer shift s_e = −wrap_i for an
 * atom i itself and image_g − wrap_{owner} for ghost g (h's rows are the cell vectors). Hence a tangent (Ṙ, ḣ) is
 * Ẋ_e = ṙ_{owner(e)} + s_e·ḣ, and a covector y on X pulls back to Σ_{e→i} y_e on atom i and Σ_e s_e ⊗ y_e on h.
 */
public final class ExtendedTangents {
    private ExtendedTangents() { }

    /** Ẋ [3(N + G)] for dR [3N] (Å) and dh [9] (Å, row-major; null for a fixed cell). */
    public static double[] spread(Ghosts g, double[] dR, double[] dh) {
        return spread(g, dR, dh, new double[3 * g.extended()]);
    }

    /** {@link #spread(Ghosts, double[], double[])} into {@code out} [≥ 3(N + G)], every component of which it sets; returns out. */
    public static double[] spread(Ghosts g, double[] dR, double[] dh, double[] out) {
        int n = g.atoms();
        if (out.length < 3 * g.extended()) {
            throw new IllegalArgumentException("spread: out has " + out.length + " components, the extended atoms " + 3 * g.extended());
        }
        System.arraycopy(dR, 0, out, 0, 3 * n);
        for (int k = 0; k < g.count(); k++) System.arraycopy(dR, 3 * g.owner()[k], out, 3 * (n + k), 3);
        if (dh != null) {
            double[] s = new double[3];
            for (int e = 0; e < g.extended(); e++) {
                shift(g, e, s);
                for (int b = 0; b < 3; b++) out[3 * e + b] += s[0] * dh[b] + s[1] * dh[3 + b] + s[2] * dh[6 + b];
            }
        }
        return out;
    }

    /** Pulls y [3(N + G)] back: rowR [3N] = Σ over each atom's copies, rowH [9] (null: skipped) = Σ_e s_e ⊗ y_e. */
    public static void reduce(Ghosts g, double[] y, double[] rowR, double[] rowH) {
        int n = g.atoms();
        System.arraycopy(y, 0, rowR, 0, 3 * n);
        for (int k = 0; k < g.count(); k++) {
            int o = g.owner()[k];
            for (int b = 0; b < 3; b++) rowR[3 * o + b] += y[3 * (n + k) + b];
        }
        if (rowH != null) {
            java.util.Arrays.fill(rowH, 0);
            double[] s = new double[3];
            for (int e = 0; e < g.extended(); e++) {
                shift(g, e, s);
                for (int a = 0; a < 3; a++) {
                    if (s[a] == 0) continue;
                    for (int b = 0; b < 3; b++) rowH[3 * a + b] += s[a] * y[3 * e + b];
                }
            }
        }
    }

    /** s_e, the integer cell shift of extended atom e. */
    private static void shift(Ghosts g, int e, double[] s) {
        int n = g.atoms();
        int[] wrap = g.wrap();
        if (e < n) {
            for (int a = 0; a < 3; a++) s[a] = -wrap[3 * e + a];
        } else {
            int k = e - n, o = g.owner()[k];
            for (int a = 0; a < 3; a++) s[a] = g.image()[3 * k + a] - wrap[3 * o + a];
        }
    }
}
