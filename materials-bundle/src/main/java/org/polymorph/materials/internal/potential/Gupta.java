package org.polymorph.materials.internal.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.HalfListWalk;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Gupta / second-moment tight binding (SMA-TB) of Cleri and Rosato, PRB 48, 22 (1993), eqs. 4-5,
 * the usual model of metal and bimetallic clusters:
 * <pre>
 *   E = Σ_i [ Σ_{j≠i} A_ab e^{−p_ab (r_ij/r0_ab − 1)} − √( Σ_{j≠i} ξ_ab² e^{−2 q_ab (r_ij/r0_ab − 1)} ) ]
 * </pre>
 * with a, b the species of i and j; A, ξ (eV), p, q (dimensionless) and r0 (Å, the first-neighbour
 * distance) as symmetric [T, T] tables. Range, two choices: {@link #truncated} drops pairs beyond
 * rc (Cleri and Rosato cut after the fifth fcc shell; for a cluster, an rc beyond its diameter gives
 * the untruncated sum); {@link #smooth} multiplies every exponential by the quintic switch
 * S(x) = 1 − x³(10 − 15x + 6x²), x = (r − r_on)/(r_off − r_on) clamped to [0, 1], so that energy,
 * forces and their derivatives are continuous (C²) and vanish at r_off.
 */
public final class Gupta implements Potential {
    /** A, ξ, p, q, r0 [T, T] as Vars. */
    public record Params(Var a, Var xi, Var p, Var q, Var r0) { }

    private static final String STYLE = "gupta";
    private final double[] a;
    private final double[] xi;
    private final double[] p;
    private final double[] q;
    private final double[] r0;
    private final int types;
    private final double rOn;
    private final double rOff;

    private Gupta(double[] a, double[] xi, double[] p, double[] q, double[] r0, double rOn, double rOff) {
        types = PairSum.typesOf(STYLE, a.length);
        this.a = PairSum.symmetric(STYLE, "A", a, types);
        this.xi = PairSum.symmetric(STYLE, "xi", xi, types);
        this.p = PairSum.symmetric(STYLE, "p", p, types);
        this.q = PairSum.symmetric(STYLE, "q", q, types);
        this.r0 = PairSum.symmetric(STYLE, "r0", r0, types);
        for (int k = 0; k < a.length; k++) {
            if (!(this.r0[k] > 0)) throw new IllegalArgumentException(STYLE + ": r0[" + k / types + "][" + k % types + "] = " + r0[k] + "; give r0 > 0 (Å)");
        }
        if (!(rOn > 0) || !(rOff >= rOn) || !Double.isFinite(rOff)) {
            throw new IllegalArgumentException(STYLE + ": cutoffs r_on = " + rOn + ", r_off = " + rOff + "; give 0 < r_on <= r_off");
        }
        this.rOn = rOn;
        this.rOff = rOff;
    }

    /** Pairs beyond {@code cutoff} (Å) are dropped: E jumps when one crosses it. */
    public static Gupta truncated(double[] a, double[] xi, double[] p, double[] q, double[] r0, double cutoff) {
        return new Gupta(a, xi, p, q, r0, cutoff, cutoff);
    }

    /** Exponentials switched smoothly to 0 between rOn and rOff (Å). */
    public static Gupta smooth(double[] a, double[] xi, double[] p, double[] q, double[] r0, double rOn, double rOff) {
        if (!(rOff > rOn)) throw new IllegalArgumentException(STYLE + ": r_on = " + rOn + ", r_off = " + rOff + "; give r_on < r_off (or use truncated)");
        return new Gupta(a, xi, p, q, r0, rOn, rOff);
    }

    /** One element: A, ξ (eV), p, q, r0 (Å), truncated at {@code cutoff}. */
    public static Gupta element(double a, double xi, double p, double q, double r0, double cutoff) {
        return truncated(new double[] {a}, new double[] {xi}, new double[] {p}, new double[] {q}, new double[] {r0}, cutoff);
    }

    @Override public String style() { return STYLE; }
    @Override public double cutoff() { return rOff; }
    @Override public boolean needsFullList() { return false; }

    /** S(r) in out[0] and dS/dr in out[1]. */
    private void switching(double r, double[] out) {
        if (rOff == rOn || r <= rOn) {
            out[0] = 1;
            out[1] = 0;
            return;
        }
        double w = rOff - rOn;
        double x = Math.min((r - rOn) / w, 1);
        out[0] = 1 - x * x * x * (10 - 15 * x + 6 * x * x);
        out[1] = -30 * x * x * (1 - x) * (1 - x) / w;
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(STYLE, atoms, types);
        PairSum.checkHalf(STYLE, nl);
        int n = atoms.size();
        int[] t = atoms.types();
        HalfListWalk loop = new HalfListWalk(STYLE, atoms, nl, rOff);
        double[] band = new double[n];
        double[] rep = {0};
        double[] s = new double[2];
        loop.forEach((i, j, r, dx, dy, dz) -> {
            int k = t[i] * types + t[j];
            switching(r, s);
            double x = r / r0[k] - 1;
            rep[0] += 2 * s[0] * a[k] * Math.exp(-p[k] * x);
            double b = s[0] * xi[k] * xi[k] * Math.exp(-2 * q[k] * x);
            band[i] += b;
            band[j] += b;
        });
        double e = rep[0];
        double[] half = new double[n];   // 1/(2√ρ_i) = ∂(−√ρ_i)/∂ρ_i up to sign
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(band[i])) throw new IllegalStateException(STYLE + ": band term of atom " + i + " is " + band[i] + "; check its position");
            double sq = Math.sqrt(band[i]);
            e -= sq;
            half[i] = sq > 0 ? 0.5 / sq : 0;
        }
        double[] f = new double[3 * n];
        double[] w = new double[6];
        loop.forEach((i, j, r, dx, dy, dz) -> {
            int k = t[i] * types + t[j];
            switching(r, s);
            double x = r / r0[k] - 1;
            double ea = a[k] * Math.exp(-p[k] * x);
            double eb = xi[k] * xi[k] * Math.exp(-2 * q[k] * x);
            double dRep = 2 * (s[1] * ea - s[0] * ea * p[k] / r0[k]);
            double dBand = s[1] * eb - s[0] * eb * 2 * q[k] / r0[k];
            double dEdr = dRep - (half[i] + half[j]) * dBand;
            double fOverR = -dEdr / r;
            PairSum.tally(f, w, i, j, fOverR * dx, fOverR * dy, fOverR * dz, dx, dy, dz);
        });
        if (!Double.isFinite(e)) throw new IllegalStateException(STYLE + ": energy is " + e + "; check for overlapping atoms");
        return new Evaluation(e, f, w);
    }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        PairSum.checkTypes(STYLE, atoms, types);
        PairSum.checkHalf(STYLE, nl);
        Params prm = (Params) params;
        int n = atoms.size();
        int[] pi = nl.pairI();
        int[] pj = nl.pairJ();
        Var r = PairSum.distances(o, positions, cell, nl);
        Var tp = PairSum.typePairs(o, atoms, nl, types);
        Var in = PairSum.inside(o, r, rOff);
        Var rs = PairSum.safe(o, r, in, rOn);
        Var x = o.sub(o.div(rs, PairSum.perPair(o, prm.r0(), tp)), o.onesLike(rs));
        Var sw = switching(o, rs);
        Var zero = o.zerosLike(r);
        Var rep = o.mul(sw, o.mul(PairSum.perPair(o, prm.a(), tp), o.exp(o.neg(o.mul(PairSum.perPair(o, prm.p(), tp), x)))));
        Var xiP = PairSum.perPair(o, prm.xi(), tp);
        Var b = o.mul(sw, o.mul(o.square(xiP), o.exp(o.mul(PairSum.perPair(o, prm.q(), tp), o.mul(x, o.scalarLike(x, -2))))));
        b = o.where(in, b, zero);
        Var band = o.add(o.segmentSum(b, o.constant(o.tensors().fromArray(pi, pi.length)), n),
                o.segmentSum(b, o.constant(o.tensors().fromArray(pj, pj.length)), n));
        Var has = o.gt(band, o.zerosLike(band));      // isolated atoms: √0 with a finite (zero) gradient
        Var sq = o.where(has, o.sqrt(o.where(has, band, o.onesLike(band))), o.zerosLike(band));
        return o.sub(o.mul(PairSum.masked(o, rep, in), o.scalarLike(r, 2)), o.sum(sq));
    }

    private Var switching(Ops o, Var r) {
        if (rOff == rOn) return o.onesLike(r);
        Var x = o.div(o.sub(r, o.scalarLike(r, rOn)), o.scalarLike(r, rOff - rOn));
        x = o.minimum(o.maximum(x, o.zerosLike(x)), o.onesLike(x));
        Var poly = o.add(o.sub(o.scalarLike(x, 10), o.mul(x, o.scalarLike(x, 15))), o.mul(o.square(x), o.scalarLike(x, 6)));
        return o.sub(o.onesLike(x), o.mul(o.mul(o.square(x), x), poly));
    }

    @Override
    public Object parameters(Ops o) {
        return new Params(o.constant(a, types, types), o.constant(xi, types, types), o.constant(p, types, types),
                o.constant(q, types, types), o.constant(r0, types, types));
    }
}
