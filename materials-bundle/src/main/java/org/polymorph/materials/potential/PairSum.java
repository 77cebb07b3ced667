package org.polymorph.materials.potential;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * The pieces a pair style is written from (jax-md's {@code smap.pair}; Morse, soft sphere, coul/dsf, BKS
 * and custom styles use them): the fused loop, in which each pair of a half list within the cutoff adds
 * φ(r) to the energy and −φ'(r) r̂ to the forces and virial; its differentiable twin (distances and
 * type-pair indices of the list as Vars, NaN-safe masking); and validation of [T, T] parameter tables.
 * A style supplies φ and dφ/dr as a {@link Term}, its parameter record and φ in differentiable ops.
 */
public final class PairSum {
    /** φ and dφ/dr of one pair at distance r (Å) for the type pair index p = t_i·T + t_j. */
    public interface Term {
        /** Writes φ(r) (eV) to out[0] and dφ/dr (eV/Å) to out[1]. */
        void eval(double r, int p, double[] out);
    }

    /**
     * What a pair style adds for second derivatives ({@link SecondOrder}): φ' and φ'' at r, and the derivatives of φ' in
     * the style's parameter vector p (only the few entries type pair p depends on).
     */
    public interface SecondTerm {
        /** Writes dφ/dr (eV/Å) to out[0] and d²φ/dr² (eV/Å²) to out[1] for type pair p = t_i·T + t_j. */
        void curvature(double r, int p, double[] out);

        /** Writes the indices q into {@code index} and ∂(dφ/dr)/∂p_q into {@code value}; returns how many (both arrays have room for 8). */
        int slopes(double r, int p, int[] index, double[] value);
    }

    private PairSum() { }

    /**
     * A pair style's {@link SecondOrder} from its {@link SecondTerm}: the style supplies the term, the pair walk
     * ({@link #hessianProducts}) gives both products.
     */
    public interface SecondOrderPairs extends SecondOrder {
        String style();

        double cutoff();

        /** The term for this structure; an IllegalArgumentException naming the style when its types do not fit the tables. */
        SecondTerm secondTerm(Atoms atoms);

        @Override
        default void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
            PairSum.hessianProducts(style(), atoms, nl, cutoff(), secondTerm(atoms), new double[][] {dX}, dp == null ? null : new double[][] {dp},
                    new double[][] {outX}, outP);
        }

        @Override
        default void hessianProducts(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX) {
            PairSum.hessianProducts(style(), atoms, nl, cutoff(), secondTerm(atoms), dX, dp, outX, null);
        }
    }

    /**
     * The {@link SecondOrder} products of Σ_pairs φ(r_ij) over a half list, for B tangents at once: for each pair
     * r = x_l − x_i below the cutoff, the Hessian block g I + q r rᵀ (g = φ'/r, q = (φ'' − g)/r², evaluated once) applied
     * to δ_b = ẋ_l − ẋ_i of each tangent b, plus (Σ_q ∂φ'/∂p_q ṗ_{b,q} / r) r, added to l and subtracted from i;
     * outP_q (when not null, for tangent 0) += ∂φ'/∂p_q (r·δ_0)/r. Arrays as {@link SecondOrder#hessianProduct}, one row per
     * tangent; T = the structure's number of types.
     */
    public static void hessianProducts(String style, Atoms atoms, NeighborList nl, double cutoff, SecondTerm term,
                                       double[][] dX, double[][] dp, double[][] outX, double[] outP) {
        checkHalf(style, nl);
        int types = atoms.typeNames().size();
        int[] te = new int[nl.ghosts().extended()];
        int n = atoms.size();
        int[] owner = nl.ghosts().owner();
        for (int l = 0; l < te.length; l++) te[l] = atoms.type(l < n ? l : owner[l - n]);
        double[] c = new double[2];
        int[] index = new int[8];
        double[] value = new double[8];
        boolean slopes = dp != null || outP != null;
        new HalfListWalk(style, atoms, nl, cutoff).forEachExtended((i, l, r, dx, dy, dz) -> {
            int p = te[i] * types + te[l];
            term.curvature(r, p, c);
            double g = c[0] / r, q = (c[1] - g) / (r * r);
            int k = slopes ? term.slopes(r, p, index, value) : 0;
            for (int b = 0; b < dX.length; b++) {
                double[] t = dX[b], out = outX[b];
                double ex = t[3 * l] - t[3 * i], ey = t[3 * l + 1] - t[3 * i + 1], ez = t[3 * l + 2] - t[3 * i + 2];
                double dd = dx * ex + dy * ey + dz * ez;
                double s = 0;
                if (dp != null) for (int m = 0; m < k; m++) s += value[m] * dp[b][index[m]];
                if (b == 0 && outP != null) for (int m = 0; m < k; m++) outP[index[m]] += value[m] * dd / r;
                double radial = q * dd + s / r;
                opposite(out, i, l, g * ex + radial * dx, g * ey + radial * dy, g * ez + radial * dz);
            }
        });
    }

    /** Adds (x, y, z) to entry j of the xyz-interleaved array {@code out} and subtracts it from entry i (a pair's equal and opposite share). */
    public static void opposite(double[] out, int i, int j, double x, double y, double z) {
        out[3 * j] += x;
        out[3 * j + 1] += y;
        out[3 * j + 2] += z;
        out[3 * i] -= x;
        out[3 * i + 1] -= y;
        out[3 * i + 2] -= z;
    }

    /** The index of type pair (a, b) in the upper triangle a ≤ b of a symmetric [T, T] table, row by row: T(T+1)/2 entries. */
    public static int upper(int a, int b, int types) {
        int lo = Math.min(a, b), hi = Math.max(a, b);
        return lo * types - lo * (lo - 1) / 2 + (hi - lo);
    }

    /** The symmetric [T, T] table (row-major) of its upper triangle {@code u} [T(T+1)/2] (the order of {@link #upper}). */
    public static double[] fromUpper(double[] u, int types) {
        double[] t = new double[types * types];
        for (int a = 0; a < types; a++) for (int b = 0; b < types; b++) t[a * types + b] = u[upper(a, b, types)];
        return t;
    }

    public static void checkTypes(String style, Atoms atoms, int types) {
        if (atoms.typeNames().size() != types) {
            throw new IllegalArgumentException(style + ": parameters for " + types + " type(s), structure has "
                    + atoms.typeNames().size() + " " + atoms.typeNames() + "; give parameters for every type");
        }
    }

    /** {@code cutoff} (Å) when it is finite and positive; otherwise IllegalArgumentException naming the style. */
    public static double cutoff(String style, double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) throw new IllegalArgumentException(style + ": cutoff = " + cutoff + "; give cutoff > 0 (Å)");
        return cutoff;
    }

    public static void checkHalf(String style, NeighborList nl) {
        if (!nl.half()) throw new IllegalArgumentException(style + ": needs a half neighbour list; build it with half = true");
    }

    /** Energy, forces [3N] and virial (xx yy zz xy xz yz) of Σ_pairs φ(r_ij) over the pairs with r < cutoff. */
    public static Evaluation compute(String style, Atoms atoms, NeighborList nl, int types, double cutoff, Term term) {
        checkTypes(style, atoms, types);
        checkHalf(style, nl);
        int[] t = atoms.types();
        double[] f = new double[3 * atoms.size()];
        double[] w = new double[6];
        double[] pe = new double[2];
        double[] e = {0};
        new HalfListWalk(style, atoms, nl, cutoff).forEach((i, j, d, dx, dy, dz) -> {
            term.eval(d, t[i] * types + t[j], pe);
            if (!Double.isFinite(pe[0]) || !Double.isFinite(pe[1])) {
                throw new IllegalStateException(style + ": pair of atoms " + i + " and " + j + " at r = " + d + " Å gives energy "
                        + pe[0] + " and dE/dr " + pe[1] + "; check the positions and parameters");
            }
            e[0] += pe[0];
            double fOverR = -pe[1] / d;
            tally(f, w, i, j, fOverR * dx, fOverR * dy, fOverR * dz, dx, dy, dz);
        });
        return new Evaluation(e[0], f, w);
    }

    public static IllegalStateException overlap(String style, int i, int j) {
        return new IllegalStateException(style + ": atoms " + i + " and " + j + " sit at the same position (r = 0); separate them");
    }

    /** Adds the pair force (fx, fy, fz) acting on j (and its opposite on i) to f and its r⊗f to the virial. */
    public static void tally(double[] f, double[] w, int i, int j, double fx, double fy, double fz, double dx, double dy, double dz) {
        opposite(f, i, j, fx, fy, fz);
        w[0] += dx * fx;
        w[1] += dy * fy;
        w[2] += dz * fz;
        w[3] += dx * fy;
        w[4] += dx * fz;
        w[5] += dy * fz;
    }

    /** |r_ij| [P] for every entry of the list, as a Var of positions and cell. */
    public static Var distances(Ops o, Var positions, Var cell, NeighborList nl) {
        return Space.distances(o, Space.pairVectors(o, positions, cell, Space.Pairs.of(o, nl)));
    }

    /** t_i·T + t_j for every entry [P], as an INT32 constant for {@link Ops#take}. */
    public static Var typePairs(Ops o, Atoms atoms, NeighborList nl, int types) {
        int[] ti = nl.pairI();
        int[] tj = nl.pairJ();
        int[] tp = new int[ti.length];
        for (int k = 0; k < ti.length; k++) tp[k] = atoms.type(ti[k]) * types + atoms.type(tj[k]);
        return o.constant(o.tensors().fromArray(tp, tp.length));
    }

    /** The per-pair values of a [T, T] parameter. */
    public static Var perPair(Ops o, Var table, Var typePairs) { return o.take(o.reshape(table, -1), typePairs, 0); }

    /** Entries with r < cutoff (concrete, from the list's current geometry) as a BOOL Var [P]. */
    public static Var inside(Ops o, Var r, double cutoff) { return o.lt(r, o.scalarLike(r, cutoff)); }

    /**
     * r where {@code inside}, {@code safe} elsewhere: evaluate φ on this so that pairs beyond the
     * cutoff neither give NaNs nor leak NaN gradients through the final {@link Ops#where}.
     */
    public static Var safe(Ops o, Var r, Var inside, double safe) { return o.where(inside, r, o.scalarLike(r, safe)); }

    /** Σ where(inside, φ, 0). */
    public static Var masked(Ops o, Var phi, Var inside) { return o.sum(o.where(inside, phi, o.zerosLike(phi))); }

    /** φ of every list entry in differentiable ops: r [P] (Å) and, per entry, the values of the style's [T, T] tables (in their order). */
    @FunctionalInterface
    public interface PairEnergy {
        Var phi(Ops o, Var r, Var[] perPair);
    }

    /**
     * The differentiable twin of {@link #compute} for a style whose φ depends on r and on per-type-pair
     * values: checks types and the half list, takes each [T, T] table's value for every entry, and sums
     * φ(r) − (shift ? φ(cutoff) : 0) over the entries with r &lt; cutoff (eV).
     */
    public static Var energy(String style, Ops o, Var positions, Var cell, Atoms atoms, NeighborList nl, int types, double cutoff, boolean shift,
                             PairEnergy phi, Var... tables) {
        checkTypes(style, atoms, types);
        checkHalf(style, nl);
        Var r = distances(o, positions, cell, nl);
        Var tp = typePairs(o, atoms, nl, types);
        Var[] per = new Var[tables.length];
        for (int k = 0; k < per.length; k++) per[k] = perPair(o, tables[k], tp);
        return cutSum(o, r, cutoff, shift, x -> phi.phi(o, x, per));
    }

    /** Σ over entries with r &lt; cutoff of φ(r) − (shift ? φ(cutoff) : 0); φ is evaluated on {@link #safe} distances. */
    public static Var cutSum(Ops o, Var r, double cutoff, boolean shift, java.util.function.UnaryOperator<Var> phi) {
        Var in = inside(o, r, cutoff);
        Var e = phi.apply(safe(o, r, in, cutoff));
        if (shift) e = o.sub(e, phi.apply(o.onesLike(r).mul(cutoff)));
        return masked(o, e, in);
    }

    /** A [T, T] table from one value per type pair, checked symmetric and finite. */
    public static double[] symmetric(String style, String name, double[] perPair, int types) {
        if (perPair.length != types * types) {
            throw new IllegalArgumentException(style + ": " + name + " has " + perPair.length + " values; give T*T = " + types * types);
        }
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                double v = perPair[a * types + b];
                if (!Double.isFinite(v)) throw new IllegalArgumentException(style + ": " + name + "[" + a + "][" + b + "] = " + v + "; give a finite value");
                if (v != perPair[b * types + a]) {
                    throw new IllegalArgumentException(style + ": " + name + "[" + a + "][" + b + "] = " + v + " but " + name + "[" + b + "][" + a
                            + "] = " + perPair[b * types + a] + "; pair parameters must be symmetric");
                }
            }
        }
        return perPair.clone();
    }

    public static int typesOf(String style, int length) {
        int t = (int) Math.round(Math.sqrt(length));
        if (t < 1 || t * t != length) throw new IllegalArgumentException(style + ": " + length + " pair values is not T*T for any T; give a [T, T] table");
        return t;
    }
}
