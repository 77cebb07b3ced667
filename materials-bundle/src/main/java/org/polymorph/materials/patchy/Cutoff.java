package org.polymorph.materials.patchy;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The multiplicative cut-off of the Morse patch attraction, S(r) with U(r) = S(r)·U_Morse(r).
 *
 * <p>{@link #switched} is jax-md's {@code multiplicative_isotropic_cutoff} (jax_md/energy.py), which the
 * self-assembly toolbox (rkruegs123/self-assembly-toolkit, dimers/potentials.py) also uses: S = 1 for r &lt; r_on,
 * S = (r_c² − r²)²(r_c² + 2r² − 3r_on²)/(r_c² − r_on²)³ for r_on ≤ r &lt; r_c, S = 0 beyond. jax-md's
 * {@code morse_pair} keeps the default r_onset = 2 whatever r_cutoff is given, so with r_cutoff &lt; 2 (the patchy
 * scripts pass 1.0 or 1.5) the Morse term is <em>untruncated up to r = 2 and zero beyond</em>: {@link #jaxMd}
 * reproduces that. {@link #plain} truncates at r_c without shift; {@link #none} never cuts.
 *
 * @param rOn  r_on, length units (onset of the switch; 1 below it)
 * @param rCut r_c, length units (0 at and beyond it unless r_on ≥ r_c, where the cut is at r_on as in jax-md)
 */
public record Cutoff(double rOn, double rCut) {
    public Cutoff {
        if (!(rOn >= 0) || !(rCut > 0)) throw new IllegalArgumentException("cut-off radii r_on = " + rOn + ", r_c = " + rCut
                + "; give r_on >= 0 and r_c > 0");
    }

    /** jax-md's switch from r_on to r_c; when r_on ≥ r_c it is a hard cut at r_on (jax-md's behaviour). */
    public static Cutoff switched(double rOn, double rCut) { return new Cutoff(rOn, rCut); }

    /** What jax-md's {@code energy.morse_pair(..., r_cutoff)} does: its default r_onset = 2.0 with the given r_cutoff. */
    public static Cutoff jaxMd(double rCutoff) { return new Cutoff(2.0, rCutoff); }

    /** A hard truncation at r_c, no shift. */
    public static Cutoff plain(double rCut) { return new Cutoff(rCut, rCut); }

    /** No cut-off. */
    public static Cutoff none() { return new Cutoff(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY); }

    /** The distance beyond which S = 0. */
    public double range() { return rOn < rCut ? rCut : rOn; }

    /** S(r), elementwise, of r's shape. */
    public Var factor(Ops o, Var r) {
        Var one = o.onesLike(r);
        if (Double.isInfinite(rOn)) return one;
        Var inner = o.zerosLike(r);
        if (rOn < rCut) {
            double rc2 = rCut * rCut, ro2 = rOn * rOn;
            Var r2 = o.square(r);
            Var a = o.square(r2.neg().add(rc2));
            Var sw = a.mul(r2.mul(2).add(rc2 - 3 * ro2)).div(Math.pow(rc2 - ro2, 3));
            inner = o.where(o.lt(r, o.scalarLike(r, rCut)), sw, inner);
        }
        return o.where(o.lt(r, o.scalarLike(r, rOn)), one, inner);
    }

    /** S(r) for one distance (cluster analysis and reporting). */
    public double factor(double r) {
        if (r < rOn) return 1;
        if (r >= rCut) return 0;
        double rc2 = rCut * rCut, ro2 = rOn * rOn, r2 = r * r;
        return (rc2 - r2) * (rc2 - r2) * (rc2 + 2 * r2 - 3 * ro2) / Math.pow(rc2 - ro2, 3);
    }
}
