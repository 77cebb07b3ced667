package org.polymorph.materials.internal.method;

import java.util.Locale;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.properties.ElasticSymmetry;

/**
 * md.elastic's warnings for constants that no solid has: the signs that the lattice constant or the
 * structure is far from the potential's equilibrium (a = 1 Å for a 3–5 Å crystal, say).
 */
final class ElasticChecks {
    /** Above this |stress| (GPa) the structure is far from equilibrium: about the pressure at the Earth's centre (360 GPa) / 4. */
    static final double MAX_STRESS_GPA = 100;
    /** Above this |C_ij| (GPa) no known solid: diamond's C11 is 1079 GPa (McSkimin and Andreatch, J. Appl. Phys. 43, 2944, 1972). */
    static final double MAX_CONSTANT_GPA = 5000;
    /** A relaxation that changes the volume by more than this factor started far from equilibrium. */
    static final double MAX_VOLUME_RATIO = 1.5;

    private ElasticChecks() { }

    /** A warning when the relaxation from volume {@code v0} to {@code v} (Å³) changed it by more than {@link #MAX_VOLUME_RATIO}. */
    static void volumeChange(Result.Builder out, double v0, double v) {
        double ratio = v / v0;
        if (ratio > MAX_VOLUME_RATIO || ratio < 1 / MAX_VOLUME_RATIO) {
            out.warn(String.format(Locale.ROOT, "the relaxation changed the volume from %.4g to %.4g Å³ (x%.3g): the structure as given"
                    + " (lattice constant a, or the file's cell) is far from the potential's equilibrium; check it", v0, v, ratio));
        }
    }

    /**
     * Warnings for a stress {@code stressGPa} [6] (Voigt, GPa) beyond {@link #MAX_STRESS_GPA} at the structure the
     * constants belong to, and for constants of {@code relaxed} [6][6] (GPa) beyond {@link #MAX_CONSTANT_GPA}.
     */
    static void unphysical(Result.Builder out, double[] stressGPa, double[][] relaxed, ElasticSymmetry sym) {
        double s = 0;
        for (double v : stressGPa) s = Math.max(s, Math.abs(v));
        if (s > MAX_STRESS_GPA) {
            out.warn(String.format(Locale.ROOT, "the stress at this structure reaches %.3g GPa (above %.0f GPa): the constants are second"
                    + " derivatives far from equilibrium; check the lattice constant a (or the cell) against the potential, or use relax=true", s, MAX_STRESS_GPA));
        }
        double c = 0;
        for (double[] row : relaxed) for (double v : row) c = Math.max(c, Math.abs(v));
        if (c > MAX_CONSTANT_GPA) {
            out.warn(String.format(Locale.ROOT, "an elastic constant reaches %.3g GPa, beyond any known solid (diamond's C11 is 1079 GPa):"
                    + " the atoms are far closer than the potential's equilibrium; check the lattice constant a and the potential's units", c));
        }
        double big = Math.max(c, 1e-300);
        if (sym.deviation() > 0.05 * big) {
            out.warn(String.format(Locale.ROOT, "the computed tensor departs from %s symmetry by %.3g GPa (max |C| %.3g GPa): the structure"
                    + " is not at a symmetric equilibrium; relax it (relax=true) or check the structure", sym.laue().system(), sym.deviation(), c));
        }
    }
}
