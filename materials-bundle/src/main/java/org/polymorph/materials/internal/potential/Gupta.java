package org.polymorph.materials.internal.potential;

import java.util.Arrays;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.HalfListWalk;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
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
 * <p>{@link SecondOrder} parameter vector p [5u], u = T(T+1)/2: the upper triangles ({@link PairSum#upper}) of A, ξ, p,
 * q and r0, in that order. As an embedded-atom energy ({@link EmbeddedAtomProducts}): φ = 2 S A e^{−p x} per pair of the
 * half list, f = S ξ² e^{−2 q x} both ways, F(ρ) = −√ρ, x = r/r0 − 1; the force and k tangents' products in those walks too
 * ({@link ForceTangents}), so forward mode through a trajectory rides on the primal sweep.
 */
public final class Gupta implements Potential, SecondOrder, ForceTangents {
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
    private final EmbeddedAtomProducts products;

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
        this.products = new EmbeddedAtomProducts(STYLE, rOff, new Terms(), 3);
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

    /** S(r) in out[0], dS/dr in out[1] and, when out has room, d²S/dr² (1/Å²) in out[2]. */
    private void switching(double r, double[] out) {
        if (rOff == rOn || r <= rOn) {
            Arrays.fill(out, 0);
            out[0] = 1;
            return;
        }
        double w = rOff - rOn;
        double x = Math.min((r - rOn) / w, 1);
        out[0] = 1 - x * x * x * (10 - 15 * x + 6 * x * x);
        out[1] = -30 * x * x * (1 - x) * (1 - x) / w;
        if (out.length > 2) out[2] = -60 * x * (1 - x) * (1 - 2 * x) / (w * w);
    }

    @Override public int parameterCount() { return 5 * types * (types + 1) / 2; }

    @Override
    public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
        PairSum.checkTypes(STYLE, atoms, types);
        products.products(atoms, nl, new double[][] {dX}, dp == null ? null : new double[][] {dp}, new double[][] {outX}, outP);
    }

    @Override
    public void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
        PairSum.checkTypes(STYLE, atoms, types);
        products.products(atoms, nl, dX, dp, outX, null);
    }

    /** The force and k tangents' products in the two walks of the products ({@link EmbeddedAtomProducts#forceAndTangents}). */
    @Override
    public void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        PairSum.checkTypes(STYLE, atoms, types);
        products.forceAndTangents(atoms, nl, k, dT, dp, outT, forces);
    }

    /**
     * φ, f and F of the Gupta energy and their derivatives. With E_a = e^{−p x}, E_b = e^{−2 q x}, κ = 2q/r0 and S, S', S'':
     * φ' = 2A (S' − S p/r0) E_a, φ'' = 2A (S'' − 2 S' p/r0 + S (p/r0)²) E_a, f' = ξ² (S' − S κ) E_b, f'' = ξ² (S'' − 2 S' κ + S κ²) E_b;
     * F' = −1/(2√ρ), F'' = 1/(4 ρ^{3/2}) (both zero for an isolated atom, as compute()).
     */
    private final class Terms implements EmbeddedAtomProducts.Terms {
        @Override
        public void pair(int ti, int tl, double r, double[] out) {
            int k = ti * types + tl;
            double[] sw = new double[3];   // per call: the products may run on several threads
            switching(r, sw);
            double s = sw[0], s1 = sw[1], s2 = sw[2];
            double x = r / r0[k] - 1, pr = p[k] / r0[k], kappa = 2 * q[k] / r0[k];
            double ea = 2 * a[k] * Math.exp(-p[k] * x);
            double eb = xi[k] * xi[k] * Math.exp(-2 * q[k] * x);
            out[0] = (s1 - s * pr) * ea;
            out[1] = (s2 - 2 * s1 * pr + s * pr * pr) * ea;
            out[2] = s * eb;
            out[3] = (s1 - s * kappa) * eb;
            out[4] = (s2 - 2 * s1 * kappa + s * kappa * kappa) * eb;
            out[5] = out[2];
            out[6] = out[3];
            out[7] = out[4];
        }

        /** Slopes in A, p, r0 (of φ') and ξ, q, r0 (of f, f'), from ∂x/∂r0 = −r/r0². */
        @Override
        public void pairSlopes(int ti, int tl, double r, EmbeddedAtomProducts.Slopes phi, EmbeddedAtomProducts.Slopes toI,
                               EmbeddedAtomProducts.Slopes toL) {
            int k = ti * types + tl, u = types * (types + 1) / 2, up = PairSum.upper(ti, tl, types);
            double[] sw = new double[3];   // per call: the products may run on several threads
            switching(r, sw);
            double s = sw[0], s1 = sw[1];
            double r0k = r0[k], x = r / r0k - 1, pr = p[k] / r0k, kappa = 2 * q[k] / r0k, dx = -r / (r0k * r0k);
            double ea = 2 * Math.exp(-p[k] * x), eb = Math.exp(-2 * q[k] * x);
            phi.count = 3;
            phi.index[0] = up;
            phi.value[0] = (s1 - s * pr) * ea;
            phi.index[1] = 2 * u + up;
            phi.value[1] = a[k] * ea * (-s / r0k - x * (s1 - s * pr));
            phi.index[2] = 4 * u + up;
            phi.value[2] = a[k] * ea * (s * p[k] / (r0k * r0k) - p[k] * dx * (s1 - s * pr));
            double xi2 = xi[k] * xi[k];
            toI.count = 3;
            toI.index[0] = u + up;
            toI.value[0] = 2 * xi[k] * s * eb;
            toI.slope[0] = 2 * xi[k] * (s1 - s * kappa) * eb;
            toI.index[1] = 3 * u + up;
            toI.value[1] = -2 * x * xi2 * s * eb;
            toI.slope[1] = xi2 * eb * (-2 * s / r0k - 2 * x * (s1 - s * kappa));
            toI.index[2] = 4 * u + up;
            toI.value[2] = -2 * q[k] * dx * xi2 * s * eb;
            toI.slope[2] = xi2 * eb * (s * 2 * q[k] / (r0k * r0k) - 2 * q[k] * dx * (s1 - s * kappa));
            toL.count = 3;
            for (int m = 0; m < 3; m++) {
                toL.index[m] = toI.index[m];
                toL.value[m] = toI.value[m];
                toL.slope[m] = toI.slope[m];
            }
        }

        @Override
        public void embedding(int t, double rho, double[] out) {
            double sq = Math.sqrt(rho);
            out[0] = sq > 0 ? -0.5 / sq : 0;
            out[1] = sq > 0 ? 0.25 / (sq * rho) : 0;
        }

        @Override
        public void embeddingSlopes(int t, double rho, EmbeddedAtomProducts.Slopes out) { out.count = 0; }
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
