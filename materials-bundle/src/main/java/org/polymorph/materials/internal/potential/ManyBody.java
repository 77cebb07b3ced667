package org.polymorph.materials.internal.potential;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/**
 * Pieces shared by the three-body potentials (sw, tersoff, edip). Parameters are tabulated per
 * type triplet, slot (a·T + b)·T + c as LAMMPS's elem3param; a pair i–j uses slot (ti, tj, tj).
 * For the fused kernels: a per-atom scratch of the short neighbour list and of the gradient
 * G_e = ∂E_i/∂r_e of the energy centred on atom i with respect to each of its entry vectors
 * r_e = x[l] − x[i] (extended positions of the list's ghost atoms, = r_j + S·h − r_i), which
 * {@link Scratch#flush} turns into forces on the extended atoms (f_l −= G, f_i += G) and virial
 * (W −= r_e ⊗ G); the ghosts' forces are folded onto their owners at the end. For the differentiable energies: the constant index Vars of entries and
 * triplets, built once from the list, and per-entry gathers of the parameters.
 */
final class ManyBody {
    private ManyBody() { }

    static void checkTypes(String style, int types, Atoms atoms) {
        if (atoms.typeNames().size() != types) {
            throw new IllegalArgumentException(style + ": parameters for " + types + " type(s), the structure has " + atoms.typeNames().size()
                    + " " + atoms.typeNames() + "; map one element to each type");
        }
    }

    static void checkList(String style, double cutoff, NeighborList nl, Atoms atoms) {
        if (nl.half()) throw new IllegalArgumentException(style + ": needs a full neighbour list (NeighborListBuilder with half = false)");
        if (nl.atoms() != atoms.size()) throw new IllegalArgumentException(style + ": the list has " + nl.atoms() + " atoms, the structure " + atoms.size());
        if (nl.cutoff() + nl.skin() < cutoff * (1 - 1e-12)) {
            throw new IllegalArgumentException(style + ": list cutoff " + nl.cutoff() + " + skin " + nl.skin() + " < potential cutoff " + cutoff
                    + "; build the list with the potential's cutoff()");
        }
    }

    /** LAMMPS's newton-pair rule over a full list: {@link NeighborList#keptOnce}. */
    static boolean keep(int i, int j, int[] s, int e) { return NeighborList.keptOnce(i, j, s[3 * e], s[3 * e + 1], s[3 * e + 2]); }

    /** Entries of the list kept once per pair. */
    static int[] halfEntries(NeighborList nl) {
        int[] nb = nl.neighbors();
        int[] s = nl.shifts();
        int[] out = new int[nl.pairs()];
        int n = 0;
        for (int i = 0; i < nl.atoms(); i++) for (int e = nl.start(i); e < nl.end(i); e++) if (keep(i, nb[e], s, e)) out[n++] = e;
        return java.util.Arrays.copyOf(out, n);
    }

    /** Pairs of entries (a, b) of one row: a < b, or all a ≠ b when ordered. Returns {a[], b[]}. */
    static int[][] rowPairs(NeighborList nl, boolean ordered) {
        long total = 0;
        for (int i = 0; i < nl.atoms(); i++) {
            long m = nl.end(i) - nl.start(i);
            total += ordered ? m * (m - 1) : m * (m - 1) / 2;
        }
        if (total > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("too many triplets (" + total + ") for the differentiable energy");
        int[] a = new int[(int) total];
        int[] b = new int[(int) total];
        int n = 0;
        for (int i = 0; i < nl.atoms(); i++) {
            for (int x = nl.start(i); x < nl.end(i); x++) {
                for (int y = ordered ? nl.start(i) : x + 1; y < nl.end(i); y++) {
                    if (y == x) continue;
                    a[n] = x;
                    b[n] = y;
                    n++;
                }
            }
        }
        return new int[][] {a, b};
    }

    /** The type-triplet slot of every entry (ti, tj, tj) [P] (or of given entries). */
    static int[] pairSlots(NeighborList nl, Atoms atoms, int types) {
        int[] pi = nl.pairI();
        int[] nb = nl.neighbors();
        int[] out = new int[nl.pairs()];
        for (int e = 0; e < out.length; e++) {
            int tj = atoms.type(nb[e]);
            out[e] = (atoms.type(pi[e]) * types + tj) * types + tj;
        }
        return out;
    }

    /** The slot (ti, tj, tk) of every triplet of entries (a, b). */
    static int[] tripletSlots(NeighborList nl, Atoms atoms, int types, int[] a, int[] b) {
        int[] pi = nl.pairI();
        int[] nb = nl.neighbors();
        int[] out = new int[a.length];
        for (int x = 0; x < a.length; x++) out[x] = (atoms.type(pi[a[x]]) * types + atoms.type(nb[a[x]])) * types + atoms.type(nb[b[x]]);
        return out;
    }

    static int[] gather(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int x = 0; x < idx.length; x++) out[x] = values[idx[x]];
        return out;
    }

    static Var ints(Ops o, int[] v) { return o.constant(o.tensors().fromArray(v, v.length)); }

    /** A parameter per element of {@code slots}: a scalar parameter broadcasts, a [T,T,T] one is gathered. */
    static Var at(Ops o, Var param, Var slots) {
        if (param.rank() == 0) return param;
        return o.take(o.reshape(param, -1), slots, 0);
    }

    /** x where cond holds, else the constant {@code fallback}: keeps masked branches finite so their zero cotangents stay zero. */
    static Var safe(Ops o, Var cond, Var x, double fallback) { return o.where(cond, x, o.scalarLike(x, fallback)); }

    /** x where cond holds, else 0. */
    static Var mask(Ops o, Var cond, Var x) { return o.where(cond, x, o.scalarLike(x, 0)); }

    /** A parameter record's Var: a scalar for one type, [T,T,T] otherwise. */
    static Var param(Ops o, double[] values, int types) {
        return types == 1 ? o.constant(o.tensors().scalar(org.polymorph.core.tensor.DType.FLOAT64, values[0]))
                : o.constant(o.tensors().fromArray(values, types, types, types));
    }

    /** The values of a parameter Var as a [T³] table. */
    static double[] values(Ops o, Var v, int types, String name) {
        double[] d = o.tensors().toDoubleArray(v.value());
        if (d.length == 1 && types == 1) return d;
        if (d.length != types * types * types) {
            throw new IllegalArgumentException(name + ": " + d.length + " values, expected " + types * types * types + " (one per type triplet)");
        }
        return d;
    }

    static List<String> checkElements(String style, List<String> elementOfType) {
        if (elementOfType == null || elementOfType.isEmpty()) {
            throw new IllegalArgumentException(style + ": give the element of each type, as pair_coeff * * file Si");
        }
        return List.copyOf(elementOfType);
    }

    /** The energy E_i centred on atom i from its loaded short list; adds ∂E_i/∂r_e to the scratch's gradients. */
    interface Site {
        double energy(int i, Scratch sc, Extended ex);
    }

    /**
     * The fused kernels' loop over the atoms of a full list: atom i's short list (r² &lt; cutsq[slot], ≤ when
     * {@code inclusive}) on the list's ghost atoms, E_i and its gradients from {@code site}, then forces and
     * virial; ghost forces folded onto their owners. A non-finite E_i is an error naming the atom.
     */
    static Evaluation compute(String style, double cutoff, int types, Extended.Pool pool, Atoms atoms, NeighborList nl, int[] pairSlot,
                              double[] cutsq, boolean inclusive, Site site) {
        checkTypes(style, types, atoms);
        checkList(style, cutoff, nl, atoms);
        int[] t = atoms.types();
        double[] w = new double[6];
        Scratch sc = new Scratch(nl.maxNeighbors());
        double energy = 0;
        try (Extended ex = pool.take(atoms, nl)) {
            ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                double ei = site.energy(i, sc, ex);
                if (!Double.isFinite(ei)) throw nonFinite(style, i, atoms);
                energy += ei;
                sc.flush(i, ex, w);
            }
            pool.shortLists.give(sl);
            return new Evaluation(energy, ex.forces(), w);
        }
    }

    /** Atom i's share of a second-order product from its loaded short list and entry tangents; adds the products to the scratch's gradients. */
    interface SiteProduct {
        void product(int i, Scratch sc, Extended ex);
    }

    /**
     * The fused kernels' loop of {@link #compute} one order up ({@link org.polymorph.materials.potential.SecondOrder}): atom i's short list
     * with the tangents ḋ_e = dX[l] − dX[i] of its entry vectors, then {@code site} adds to G_e the product
     * Σ_e' ∂²E_i/∂r_e∂r_e'·ḋ_e' (+ its parameter part), which goes to the extended atoms as a gradient (out_l += G, out_i −= G).
     * The parameter products are {@code site}'s own; here only the lengths are checked.
     */
    static void hessianProduct(String style, double cutoff, int types, Extended.Pool pool, Atoms atoms, NeighborList nl, int[] pairSlot,
                               double[] cutsq, boolean inclusive, int parameters, double[] dX, double[] dp, double[] outX, double[] outP,
                               SiteProduct site) {
        checkTypes(style, types, atoms);
        checkList(style, cutoff, nl, atoms);
        int extended = 3 * nl.ghosts().extended();
        if (dX.length != extended || outX.length != extended) {
            throw new IllegalArgumentException(style + ": tangent and product have " + dX.length + " and " + outX.length + " components, the list's "
                    + "extended atoms " + extended);
        }
        checkParameters(style, parameters, dp, outP);
        try (Extended ex = products(types, pool, atoms, nl, pairSlot, cutsq, inclusive, dX, false, site)) {
            for (int l = 0, m = ex.size(); l < m; l++) {
                outX[3 * l] -= ex.fx[l];
                outX[3 * l + 1] -= ex.fy[l];
                outX[3 * l + 2] -= ex.fz[l];
            }
        }
    }

    /**
     * {@link #hessianProduct} for a tangent dR [3N] (Å) of the atoms of a fixed cell, its product folded onto them: the entry
     * tangents read dR at each entry's atom (Ẋ = {@link ExtendedTangents#spread}(dR) without building Ẋ), and rowR [3N] is set
     * to {@link ExtendedTangents#reduce} of the extended product (each ghost's added to its owner's) without building that;
     * the numbers of spread, {@link #hessianProduct} and reduce bit for bit.
     */
    static void hessianProductOnAtoms(String style, double cutoff, int types, Extended.Pool pool, Atoms atoms, NeighborList nl, int[] pairSlot,
                                      double[] cutsq, boolean inclusive, int parameters, double[] dR, double[] dp, double[] rowR, double[] outP,
                                      SiteProduct site) {
        checkTypes(style, types, atoms);
        checkList(style, cutoff, nl, atoms);
        int n3 = 3 * atoms.size();
        if (dR.length != n3 || rowR.length != n3) {
            throw new IllegalArgumentException(style + ": tangent and product have " + dR.length + " and " + rowR.length + " components, the atoms " + n3);
        }
        checkParameters(style, parameters, dp, outP);
        try (Extended ex = products(types, pool, atoms, nl, pairSlot, cutsq, inclusive, dR, true, site)) {
            nl.ghosts().fold(ex.fx, ex.fy, ex.fz, rowR);
            // reduce(0 − f) is Σ (0 − f_copy) in fold's order: the same as 0 − Σ f_copy, zero signs included
            for (int k = 0; k < n3; k++) rowR[k] = 0.0 - rowR[k];
        }
    }

    private static void checkParameters(String style, int parameters, double[] dp, double[] outP) {
        if (dp != null && dp.length != parameters || outP != null && outP.length != parameters) {
            throw new IllegalArgumentException(style + ": " + parameters + " parameters, the parameter tangent or product has another length");
        }
    }

    /**
     * The loop of the products: every atom's short list with its entry tangents (from {@code tangent} [3(N + G)] by extended index,
     * or [3N] by atom when {@code onAtoms}), {@code site}'s gradients flushed into the returned set's force arrays (f_l −= G,
     * f_i += G, extended indices), which the caller reads and closes.
     */
    private static Extended products(int types, Extended.Pool pool, Atoms atoms, NeighborList nl, int[] pairSlot, double[] cutsq, boolean inclusive,
                                     double[] tangent, boolean onAtoms, SiteProduct site) {
        int[] t = atoms.types();
        Scratch sc = new Scratch(nl.maxNeighbors());
        Extended ex = pool.take(atoms, nl);
        try {
            ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                if (onAtoms) sc.atomTangents(i, tangent);
                else sc.tangents(i, tangent);
                site.product(i, sc, ex);
                sc.flush(i, ex);
            }
            pool.shortLists.give(sl);
            return ex;
        } catch (RuntimeException | Error e) {
            ex.close();
            throw e;
        }
    }

    /** Atom i's share of B second-order products at once from its loaded short list and the B rows of entry tangents of {@code tg}; adds to tg's gradients. */
    interface SiteProducts {
        void products(int i, Scratch sc, Tangents tg, Extended ex);
    }

    /**
     * {@link #hessianProduct} for B tangents at once ({@link org.polymorph.materials.potential.SecondOrder#hessianProducts}): atom i's short
     * list is loaded once, the B rows of entry tangents ḋ_{b,e} = dX[b][l] − dX[b][i] beside it, and {@code site} evaluates each
     * pair and triplet term once and contracts it with every tangent; row b's G goes to outX[b] (out_l += G, out_i −= G).
     */
    static void hessianProducts(String style, double cutoff, int types, Extended.Pool pool, Atoms atoms, NeighborList nl, int[] pairSlot,
                                double[] cutsq, boolean inclusive, int parameters, double[][] dX, double[][] dp, double[][] outX, SiteProducts site) {
        checkTypes(style, types, atoms);
        checkList(style, cutoff, nl, atoms);
        int extended = 3 * nl.ghosts().extended();
        if (outX.length != dX.length || dp != null && dp.length != dX.length) {
            throw new IllegalArgumentException(style + ": " + dX.length + " position tangents, " + outX.length + " product rows and "
                    + (dp == null ? 0 : dp.length) + " parameter tangents; give one row of each per tangent");
        }
        for (int b = 0; b < dX.length; b++) {
            if (dX[b].length != extended || outX[b].length != extended) {
                throw new IllegalArgumentException(style + ": tangent " + b + " and its product have " + dX[b].length + " and " + outX[b].length
                        + " components, the list's extended atoms " + extended);
            }
            if (dp != null && dp[b] != null && dp[b].length != parameters) {
                throw new IllegalArgumentException(style + ": " + parameters + " parameters, parameter tangent " + b + " has " + dp[b].length);
            }
        }
        int[] t = atoms.types();
        Scratch sc = new Scratch(nl.maxNeighbors());
        Tangents tg = new Tangents(dX.length, nl.maxNeighbors());
        try (Extended ex = pool.take(atoms, nl)) {
            ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                tg.load(i, sc, dX);
                site.products(i, sc, tg, ex);
                tg.flush(i, sc, outX);
                sc.m = 0;
            }
            pool.shortLists.give(sl);
        }
    }

    /** B rows of entry tangents ḋ [B][m] of the loaded short list and the products G [B][m] they give (Å, eV/Å²·Å). */
    static final class Tangents {
        final int count;
        final double[][] tx;
        final double[][] ty;
        final double[][] tz;
        final double[][] gx;
        final double[][] gy;
        final double[][] gz;

        Tangents(int count, int capacity) {
            int c = Math.max(1, capacity);
            this.count = count;
            tx = new double[count][c];
            ty = new double[count][c];
            tz = new double[count][c];
            gx = new double[count][c];
            gy = new double[count][c];
            gz = new double[count][c];
        }

        /** ḋ_{b,q} = dX[b][l_q] − dX[b][i] [3(N + G), xyz interleaved] for every loaded entry q; G zeroed. */
        void load(int i, Scratch sc, double[][] dX) {
            for (int b = 0; b < count; b++) {
                double[] d = dX[b], x = tx[b], y = ty[b], z = tz[b], u = gx[b], v = gy[b], w = gz[b];
                double xi = d[3 * i], yi = d[3 * i + 1], zi = d[3 * i + 2];
                for (int q = 0; q < sc.m; q++) {
                    int l = 3 * sc.local[q];
                    x[q] = d[l] - xi;
                    y[q] = d[l + 1] - yi;
                    z[q] = d[l + 2] - zi;
                    u[q] = 0;
                    v[q] = 0;
                    w[q] = 0;
                }
            }
        }

        /** Row b's gradients onto the extended atoms: outX[b][l] += G, outX[b][i] −= G. */
        void flush(int i, Scratch sc, double[][] outX) {
            for (int b = 0; b < count; b++) {
                double[] out = outX[b], u = gx[b], v = gy[b], w = gz[b];
                double sx = 0, sy = 0, sz = 0;
                for (int q = 0; q < sc.m; q++) {
                    int l = 3 * sc.local[q];
                    out[l] += u[q];
                    out[l + 1] += v[q];
                    out[l + 2] += w[q];
                    sx += u[q];
                    sy += v[q];
                    sz += w[q];
                }
                out[3 * i] -= sx;
                out[3 * i + 1] -= sy;
                out[3 * i + 2] -= sz;
            }
        }

        /**
         * A single-tangent {@link SiteProduct} run once per row (for a style whose terms are not yet batched): row b's tangents are
         * copied into the scratch, {@code single.get(b)} adds its products to the scratch's gradients, which are moved to row b.
         */
        static SiteProducts eachRow(java.util.function.IntFunction<SiteProduct> single) {
            return (i, sc, tg, ex) -> {
                for (int b = 0; b < tg.count; b++) {
                    System.arraycopy(tg.tx[b], 0, sc.tx, 0, sc.m);
                    System.arraycopy(tg.ty[b], 0, sc.ty, 0, sc.m);
                    System.arraycopy(tg.tz[b], 0, sc.tz, 0, sc.m);
                    java.util.Arrays.fill(sc.gx, 0, sc.m, 0);
                    java.util.Arrays.fill(sc.gy, 0, sc.m, 0);
                    java.util.Arrays.fill(sc.gz, 0, sc.m, 0);
                    single.apply(b).product(i, sc, ex);
                    System.arraycopy(sc.gx, 0, tg.gx[b], 0, sc.m);
                    System.arraycopy(sc.gy, 0, tg.gy[b], 0, sc.m);
                    System.arraycopy(sc.gz, 0, tg.gz[b], 0, sc.m);
                }
            };
        }
    }

    /** Atom i's force gradients (the scratch's G) and its k tangent products (the carry's Ġ) from its loaded short list and entry tangents. */
    interface SiteTangents {
        void forceAndTangents(int i, Scratch sc, Carry cr, Extended ex);
    }

    /**
     * {@link ForceTangents#forceAndTangents} for a fused kernel: per atom i its short list is loaded once with the k entry
     * tangents ḋ_{q,b} = ṙ_b[j_q] − ṙ_b[i] read at each entry's atom from {@code dT} [3kN] (the cell is fixed, so a ghost's
     * tangent is its owner's), {@code site} adds ∂E_i/∂r_q to the scratch's G and Σ_q' ∂²E_i/∂r_q∂r_q'·ḋ_{q',b} (+ the parameter
     * part) to the carry's Ġ, and both go straight onto the atoms: forces[j_q] −= G, forces[i] += G; outT[j_q, b] += Ġ,
     * outT[i, b] −= Ġ. No spread, no reduce, no extended product arrays.
     */
    static void forceAndTangents(String style, double cutoff, int types, Extended.Pool pool, Carries carries, Atoms atoms, NeighborList nl,
                                 int[] pairSlot, double[] cutsq, boolean inclusive, int parameters, int k, double[] dT, double[][] dp, double[] outT,
                                 double[] forces, SiteTangents site) {
        forceAndTangents(style, cutoff, types, pool, carries, atoms, nl, pairSlot, cutsq, inclusive, parameters, k, dT, dp, outT, forces, false, site);
    }

    /**
     * {@link #forceAndTangents(String, double, int, Extended.Pool, Carries, Atoms, NeighborList, int[], double[], boolean, int, int, double[],
     * double[][], double[], double[], SiteTangents)}; with {@code direct} the site itself reads the entry tangents from dT and puts G
     * and Ġ onto forces and outT (as {@link Carry#load} and {@link Carry#flush} would), in its own passes over the entries, and the
     * carry's tangent and product rows are its scratch.
     */
    static void forceAndTangents(String style, double cutoff, int types, Extended.Pool pool, Carries carries, Atoms atoms, NeighborList nl,
                                 int[] pairSlot, double[] cutsq, boolean inclusive, int parameters, int k, double[] dT, double[][] dp, double[] outT,
                                 double[] forces, boolean direct, SiteTangents site) {
        checkTypes(style, types, atoms);
        checkList(style, cutoff, nl, atoms);
        int n = atoms.size();
        if (k < 1) throw new IllegalArgumentException(style + ": k = " + k + " tangents; give at least 1");
        if (dT.length != 3 * k * n || outT.length != 3 * k * n) {
            throw new IllegalArgumentException(style + ": tangents and products have " + dT.length + " and " + outT.length + " components, expected 3·k·N = "
                    + 3 * k * n);
        }
        if (forces != null && forces.length != 3 * n) throw new IllegalArgumentException(style + ": forces has " + forces.length + " components, the atoms " + 3 * n);
        if (dp != null) {
            if (dp.length != k) throw new IllegalArgumentException(style + ": " + dp.length + " parameter tangents for k = " + k + " tangents; give one per tangent");
            for (int b = 0; b < k; b++) {
                if (dp[b] != null && dp[b].length != parameters) {
                    throw new IllegalArgumentException(style + ": " + parameters + " parameters, parameter tangent " + b + " has " + dp[b].length);
                }
            }
        }
        int[] t = atoms.types();
        Carry cr = carries.take(k, nl.maxNeighbors());
        try (Extended ex = pool.take(atoms, nl)) {
            Scratch sc = cr.scratch;
            ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
            for (int i = 0; i < n; i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                if (!direct) cr.load(i, sc, dT);
                site.forceAndTangents(i, sc, cr, ex);
                if (!direct) cr.flush(i, sc, outT, forces);
                sc.m = 0;
            }
            pool.shortLists.give(sl);
        }
        carries.give(cr);
    }

    /** Atom i's share of a product on the atoms of a fixed cell from its loaded short list: reads its entry tangents and adds its products onto the atoms itself. */
    interface SiteOnAtoms {
        void product(int i, Scratch sc, Carry cr);
    }

    /**
     * The bare walk of a product on the atoms (lengths checked by the caller): per atom i its short list loaded into a {@link Carry}'s
     * scratch (k = 1, from {@code carries}) and handed to {@code site}, which reads ḋ_q = ṙ[j_q] − ṙ[i] and writes its products onto
     * the atoms in its own loops over the entries (no separate tangent load and flush).
     */
    static void walkOnAtoms(int types, Extended.Pool pool, Carries carries, Atoms atoms, NeighborList nl, int[] pairSlot, double[] cutsq,
                            boolean inclusive, SiteOnAtoms site) {
        int[] t = atoms.types();
        Carry cr = carries.take(1, nl.maxNeighbors());
        try (Extended ex = pool.take(atoms, nl)) {
            Scratch sc = cr.scratch;
            ShortList sl = pool.shortLists.take(nl, ex, t, pairSlot, cutsq, inclusive);
            for (int i = 0, n = atoms.size(); i < n; i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                site.product(i, sc, cr);
                sc.m = 0;
            }
            pool.shortLists.give(sl);
        }
        carries.give(cr);
    }

    /**
     * The scratch of {@link #forceAndTangents}: the short list's {@link Scratch}, the k entry tangents ḋ [m·k] (entry q's tangent b
     * at q·k + b, Å) with their products Ġ beside them (eV/Å² · Å), and a kernel's own per-entry rows [m] and per-entry, per-tangent
     * rows [m·k]; kept from call to call by {@link Carries}.
     */
    static final class Carry {
        final int k;
        final Scratch scratch;
        final double[] tx;
        final double[] ty;
        final double[] tz;
        final double[] gx;
        final double[] gy;
        final double[] gz;
        /** A kernel's per-entry rows [rows][capacity]. */
        final double[][] entry;
        /** A kernel's per-entry, per-tangent rows [rows][capacity·k]. */
        final double[][] tangent;
        /** A kernel's per-tangent numbers [4k] (say, of the current bond). */
        final double[] perTangent;
        /** A direct site's numbers of atom i [6k]: say, its row of dT and the sums of Ġ it takes off outT[i]. */
        final double[] own;
        /** A kernel's per-entry, per-tangent blocks [capacity·k·width]: entry q's tangent b at (q·k + b)·width, the kernel's own layout. */
        final double[] blocks;
        /** A kernel's per-entry blocks [capacity·entryWidth]: entry q's at q·entryWidth, the kernel's own layout. */
        final double[] entryBlocks;
        final int capacity;

        Carry(int k, int capacity, int entryRows, int tangentRows, int width, int entryWidth) {
            int c = Math.max(1, capacity);
            this.k = k;
            this.capacity = c;
            scratch = new Scratch(c);
            tx = new double[c * k];
            ty = new double[c * k];
            tz = new double[c * k];
            gx = new double[c * k];
            gy = new double[c * k];
            gz = new double[c * k];
            entry = new double[entryRows][c];
            tangent = new double[tangentRows][c * k];
            perTangent = new double[4 * k];
            own = new double[6 * k];
            blocks = new double[c * k * width];
            entryBlocks = new double[c * entryWidth];
        }

        private double[] spare = new double[0];

        /** A kernel's scratch row of at least {@code n} numbers (say, sums per parameter slot), kept with the carry; its contents are the kernel's. */
        double[] spare(int n) {
            if (spare.length < n) spare = new double[n];
            return spare;
        }

        /**
         * The entries' own parts: G_q += c_q d_q and Ġ_{q,b} += ċ_{q,b} d_q + c_q ḋ_{q,b}, with c [m] the coefficient gathered for each
         * entry's own vector and ċ [m·k] that of its tangent.
         */
        void entries(Scratch sc, double[] c, double[] cdot) {
            for (int q = 0; q < sc.m; q++) {
                double cq = c[q], dx = sc.dx[q], dy = sc.dy[q], dz = sc.dz[q];
                sc.gx[q] += cq * dx;
                sc.gy[q] += cq * dy;
                sc.gz[q] += cq * dz;
                for (int b = 0, o = q * k; b < k; b++, o++) {
                    double w = cdot[o];
                    gx[o] += w * dx + cq * tx[o];
                    gy[o] += w * dy + cq * ty[o];
                    gz[o] += w * dz + cq * tz[o];
                }
            }
        }

        /** ḋ_{q,b} = dT[j_q, b] − dT[i, b] for the loaded entries (dT [3kN] interleaved as {@link ForceTangents}); Ġ zeroed. */
        void load(int i, Scratch sc, double[] dT) {
            int w = 3 * k, bi = w * i;
            int[] j = sc.j;
            for (int q = 0, o = 0; q < sc.m; q++) {
                int bj = w * j[q];
                for (int b = 0; b < w; b += 3, o++) {
                    tx[o] = dT[bj + b] - dT[bi + b];
                    ty[o] = dT[bj + b + 1] - dT[bi + b + 1];
                    tz[o] = dT[bj + b + 2] - dT[bi + b + 2];
                    gx[o] = 0;
                    gy[o] = 0;
                    gz[o] = 0;
                }
            }
        }

        /** G and Ġ onto the atoms: forces[j] −= G, forces[i] += G (when forces is not null); outT[j, b] += Ġ_b, outT[i, b] −= Ġ_b. */
        void flush(int i, Scratch sc, double[] outT, double[] forces) {
            int w = 3 * k, bi = w * i;
            int[] j = sc.j;
            if (forces != null) {
                double fix = 0, fiy = 0, fiz = 0;
                for (int q = 0; q < sc.m; q++) {
                    int a = 3 * j[q];
                    forces[a] -= sc.gx[q];
                    forces[a + 1] -= sc.gy[q];
                    forces[a + 2] -= sc.gz[q];
                    fix += sc.gx[q];
                    fiy += sc.gy[q];
                    fiz += sc.gz[q];
                }
                forces[3 * i] += fix;
                forces[3 * i + 1] += fiy;
                forces[3 * i + 2] += fiz;
            }
            for (int q = 0, o = 0; q < sc.m; q++) {
                int bj = w * j[q];
                for (int b = 0; b < w; b += 3, o++) {
                    outT[bj + b] += gx[o];
                    outT[bj + b + 1] += gy[o];
                    outT[bj + b + 2] += gz[o];
                    outT[bi + b] -= gx[o];
                    outT[bi + b + 1] -= gy[o];
                    outT[bi + b + 2] -= gz[o];
                }
            }
        }
    }

    /** The {@link Carry}s of one kernel, one per concurrent caller, reused while k and the list's row length fit. */
    static final class Carries {
        private final java.util.concurrent.ConcurrentLinkedDeque<Carry> free = new java.util.concurrent.ConcurrentLinkedDeque<>();
        private final int entryRows;
        private final int tangentRows;
        private final int width;
        private final int entryWidth;

        /** {@code entryRows} per-entry and {@code tangentRows} per-entry, per-tangent rows of the kernel's own. */
        Carries(int entryRows, int tangentRows) {
            this(entryRows, tangentRows, 0, 0);
        }

        /** With per-entry, per-tangent blocks of {@code width} numbers ({@link Carry#blocks}) and per-entry ones of {@code entryWidth}. */
        Carries(int entryRows, int tangentRows, int width, int entryWidth) {
            this.entryRows = entryRows;
            this.tangentRows = tangentRows;
            this.width = width;
            this.entryWidth = entryWidth;
        }

        Carry take(int k, int capacity) {
            Carry c = free.pollFirst();
            if (c == null || c.k != k || c.capacity < Math.max(1, capacity)) c = new Carry(k, capacity, entryRows, tangentRows, width, entryWidth);
            return c;
        }

        void give(Carry c) {
            if (free.size() < 8) free.addFirst(c);
        }
    }

    /**
     * A Verlet list inside the neighbour list: per atom, the entries of its row within the kernel's cutoff plus a margin δ
     * (r² ≤ (r_c[slot] + δ)², Å), with their extended index, atom, slot and pair-term rule, and the extended positions it was
     * recorded at. While no extended atom has moved by δ/2 or more since, every entry within the cutoff is among them (a
     * pair's distance moves by at most the sum of its two displacements), so {@link Scratch#load} reads these few entries
     * (about 4–16 for silicon against 28 in a row with a 1 Å skin) and loads exactly what the full row gives. Kept from
     * call to call by {@link ShortLists} for the same list, slot table, cutoffs and types; recorded again by the first load
     * that finds it stale.
     */
    static final class ShortList {
        /** The margin δ (Å) beyond each slot's cutoff. */
        static final double MARGIN = 0.3;

        private NeighborList list;
        private int[] pairSlot;
        private double[] cutsq;
        private boolean inclusive;
        private int[] types = new int[0];
        private double[] x0 = new double[0];
        private double[] y0 = new double[0];
        private double[] z0 = new double[0];
        private int extended;
        double[] reach2 = new double[0];   // (r_c + δ)² per slot (Å²)
        int[] start = new int[1];          // [N + 1] row offsets
        int[] local = new int[0];          // extended index of each entry
        int[] atom = new int[0];           // its atom (itself or a ghost's owner)
        int[] slot = new int[0];
        boolean[] kept = new boolean[0];   // whether it carries the pair term (NeighborList.keptOnce)
        private int size;
        boolean recording;
        private boolean valid;

        /** Whether it was recorded for these arguments and no extended atom of {@code ex} has moved by δ/2 or more since. */
        boolean fits(NeighborList nl, Extended ex, int[] t, int[] slots, double[] cuts, boolean incl) {
            if (!valid || list != nl || pairSlot != slots || cutsq != cuts || inclusive != incl || ex.size() != extended) return false;
            if (!java.util.Arrays.equals(types, t)) return false;
            double limit = 0.5 * MARGIN * (1 - 1e-6);
            double limit2 = limit * limit;
            double[] x = ex.x, y = ex.y, z = ex.z;
            for (int l = 0; l < extended; l++) {
                double ux = x[l] - x0[l];
                double uy = y[l] - y0[l];
                double uz = z[l] - z0[l];
                if (ux * ux + uy * uy + uz * uz >= limit2) return false;
            }
            return true;
        }

        /** Starts recording for these arguments at the extended positions of {@code ex}: the loads of atoms 0 … N−1 in turn fill it. */
        void record(NeighborList nl, Extended ex, int[] t, int[] slots, double[] cuts, boolean incl) {
            list = nl;
            pairSlot = slots;
            cutsq = cuts;
            inclusive = incl;
            types = t.clone();
            extended = ex.size();
            if (x0.length < extended) {
                x0 = new double[extended];
                y0 = new double[extended];
                z0 = new double[extended];
            }
            System.arraycopy(ex.x, 0, x0, 0, extended);
            System.arraycopy(ex.y, 0, y0, 0, extended);
            System.arraycopy(ex.z, 0, z0, 0, extended);
            if (reach2.length != cuts.length) reach2 = new double[cuts.length];
            for (int p = 0; p < cuts.length; p++) {
                double rc = Math.sqrt(cuts[p]) + MARGIN;
                reach2[p] = Math.max(cuts[p], rc * rc);
            }
            if (start.length != nl.atoms() + 1) start = new int[nl.atoms() + 1];
            start[0] = 0;
            size = 0;
            recording = true;
            valid = false;
        }

        void add(int l, int a, int p, boolean k) {
            if (size == local.length) {
                int c = Math.max(64, 2 * size);
                local = java.util.Arrays.copyOf(local, c);
                atom = java.util.Arrays.copyOf(atom, c);
                slot = java.util.Arrays.copyOf(slot, c);
                kept = java.util.Arrays.copyOf(kept, c);
            }
            local[size] = l;
            atom[size] = a;
            slot[size] = p;
            kept[size] = k;
            size++;
        }

        void endRow(int i) { start[i + 1] = size; }

        /** Ends a recording that loaded every atom: valid from now on. */
        void finish() {
            if (recording) valid = true;
            recording = false;
        }

        /** The entries held [rows' total]. */
        int size() { return size; }

        /** Whether the next load reads the list's rows (recording) rather than the held entries. */
        boolean stale() { return recording; }
    }

    /**
     * The short lists of one kernel ({@link Extended.Pool}), one per concurrent caller: {@link #take} hands out one that fits
     * the call (or one to record), {@link #give} takes it back after a complete loop over the atoms; one not given back (the
     * loop threw) is dropped.
     */
    static final class ShortLists {
        private final java.util.concurrent.ConcurrentLinkedDeque<ShortList> free = new java.util.concurrent.ConcurrentLinkedDeque<>();

        ShortList take(NeighborList nl, Extended ex, int[] t, int[] pairSlot, double[] cutsq, boolean inclusive) {
            for (java.util.Iterator<ShortList> it = free.iterator(); it.hasNext(); ) {
                ShortList s = it.next();
                if (s.list == nl && free.remove(s)) {
                    if (!s.fits(nl, ex, t, pairSlot, cutsq, inclusive)) s.record(nl, ex, t, pairSlot, cutsq, inclusive);
                    return s;
                }
            }
            ShortList s = free.pollLast();
            if (s == null) s = new ShortList();
            s.record(nl, ex, t, pairSlot, cutsq, inclusive);
            return s;
        }

        void give(ShortList s) {
            s.finish();
            if (free.size() < 8) free.addFirst(s);
        }
    }

    /** Per-atom scratch of the fused kernels: the short list of atom i and the gradient of E_i w.r.t. each entry vector. */
    static final class Scratch {
        final double[] dx;
        final double[] dy;
        final double[] dz;
        final double[] r;
        final double[] gx;
        final double[] gy;
        final double[] gz;
        final double[] tx;      // tangents ḋ of the entry vectors (second-order products)
        final double[] ty;
        final double[] tz;
        final int[] j;          // the atom of each entry
        final int[] local;      // its extended index (the atom or a ghost)
        final int[] slot;
        final boolean[] kept;   // whether the entry carries the pair term ({@link #keep})
        int m;

        Scratch(int capacity) {
            int c = Math.max(1, capacity);
            dx = new double[c];
            dy = new double[c];
            dz = new double[c];
            r = new double[c];
            gx = new double[c];
            gy = new double[c];
            gz = new double[c];
            tx = new double[c];
            ty = new double[c];
            tz = new double[c];
            j = new int[c];
            local = new int[c];
            slot = new int[c];
            kept = new boolean[c];
        }

        /**
         * Loads the short list of atom i from the extended positions of {@code ex} (the list's ghost
         * atoms): the entries with r² &lt; cutsq[slot] (≤ when {@code inclusive}), slot = pairSlot[ti·T + tj];
         * their gradients start at 0. Every entry of the list's row is read.
         */
        void load(int i, Extended ex, int[] t, NeighborList nl, int[] pairSlot, int types, double[] cutsq, boolean inclusive) {
            walk(i, ex, t, nl, pairSlot, types, cutsq, inclusive, null);
        }

        /**
         * As {@link #load(int, Extended, int[], NeighborList, int[], int, double[], boolean)}, the same entries in the same order
         * with the same numbers, through {@code sl}: from its rows while it is valid (only the entries within the cutoff plus its
         * margin are read), else from the list's row, recording into {@code sl} the entries within the cutoff plus the margin.
         */
        void load(int i, Extended ex, int[] t, NeighborList nl, int[] pairSlot, int types, double[] cutsq, boolean inclusive, ShortList sl) {
            if (sl.recording) {
                walk(i, ex, t, nl, pairSlot, types, cutsq, inclusive, sl);
                return;
            }
            double[] x = ex.x, y = ex.y, z = ex.z;
            int[] sLocal = sl.local, sAtom = sl.atom, sSlot = sl.slot;
            boolean[] sKept = sl.kept;
            double xi = x[i];
            double yi = y[i];
            double zi = z[i];
            int q = 0;
            for (int e = sl.start[i], end = sl.start[i + 1]; e < end; e++) {
                int l = sLocal[e];
                double ddx = x[l] - xi;
                double ddy = y[l] - yi;
                double ddz = z[l] - zi;
                double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                int p = sSlot[e];
                if (inclusive ? r2 > cutsq[p] : r2 >= cutsq[p]) continue;
                dx[q] = ddx;
                dy[q] = ddy;
                dz[q] = ddz;
                r[q] = Math.sqrt(r2);
                j[q] = sAtom[e];
                local[q] = l;
                slot[q] = p;
                kept[q] = sKept[e];
                gx[q] = 0;
                gy[q] = 0;
                gz[q] = 0;
                q++;
            }
            m = q;
        }

        /** The load from the list's row of atom i; {@code record} (or null) receives the row's entries within its reach. */
        private void walk(int i, Extended ex, int[] t, NeighborList nl, int[] pairSlot, int types, double[] cutsq, boolean inclusive,
                          ShortList record) {
            int[] loc = nl.ghosts().local();
            double[] x = ex.x, y = ex.y, z = ex.z;
            int row = t[i] * types;
            double xi = x[i];
            double yi = y[i];
            double zi = z[i];
            m = 0;
            for (int e = nl.start(i); e < nl.end(i); e++) {
                int l = loc[e];
                int a = ex.atom(l);
                double ddx = x[l] - xi;
                double ddy = y[l] - yi;
                double ddz = z[l] - zi;
                double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                int p = pairSlot[row + t[a]];
                boolean inside = inclusive ? r2 <= cutsq[p] : r2 < cutsq[p];
                boolean near = record != null && r2 <= record.reach2[p];
                if (!inside && !near) continue;
                boolean kp = ex.keptOnce(i, l);
                if (near) record.add(l, a, p, kp);
                if (!inside) continue;
                int q = m++;
                dx[q] = ddx;
                dy[q] = ddy;
                dz[q] = ddz;
                r[q] = Math.sqrt(r2);
                j[q] = a;
                local[q] = l;
                slot[q] = p;
                kept[q] = kp;
                gx[q] = 0;
                gy[q] = 0;
                gz[q] = 0;
            }
            if (record != null) record.endRow(i);
        }

        /** The tangents ḋ_q = dX[l_q] − dX[i] [3(N + G), xyz interleaved] of the loaded entries. */
        void tangents(int i, double[] dX) {
            double xi = dX[3 * i];
            double yi = dX[3 * i + 1];
            double zi = dX[3 * i + 2];
            for (int q = 0; q < m; q++) {
                int l = 3 * local[q];
                tx[q] = dX[l] - xi;
                ty[q] = dX[l + 1] - yi;
                tz[q] = dX[l + 2] - zi;
            }
        }

        /** {@link #tangents} for Ẋ = spread(dR) of a fixed cell: ḋ_q = dR[j_q] − dR[i] [3N], read at each entry's atom. */
        void atomTangents(int i, double[] dR) {
            double xi = dR[3 * i];
            double yi = dR[3 * i + 1];
            double zi = dR[3 * i + 2];
            for (int q = 0; q < m; q++) {
                int l = 3 * j[q];
                tx[q] = dR[l] - xi;
                ty[q] = dR[l + 1] - yi;
                tz[q] = dR[l + 2] - zi;
            }
        }

        /**
         * The gradient of a term of (r_a, r_b, cos θ_ab) on its two entries: g_a += ca d_a + ci d_b, g_b += cb d_b + ci d_a, with
         * ca = (∂/∂r_a)/r_a − (∂/∂cos) cos/r_a², cb likewise, ci = (∂/∂cos)/(r_a r_b).
         */
        void angular(int a, int b, double ca, double cb, double ci, double[] gx, double[] gy, double[] gz) {
            combine(a, b, ca, cb, ci, dx, dy, dz, gx, gy, gz);
        }

        /**
         * The tangent of {@link #angular} along the entry tangents (tx, ty, tz) with the coefficients' tangents ċa, ċb, ċi:
         * g_a += ċa d_a + ca ḋ_a + ċi d_b + ci ḋ_b, g_b += ċb d_b + cb ḋ_b + ċi d_a + ci ḋ_a.
         */
        void angularTangent(int a, int b, double ca, double cb, double ci, double cad, double cbd, double cid, double[] tx, double[] ty, double[] tz,
                            double[] gx, double[] gy, double[] gz) {
            combine(a, b, cad, cbd, cid, dx, dy, dz, gx, gy, gz);
            combine(a, b, ca, cb, ci, tx, ty, tz, gx, gy, gz);
        }

        /** g_a += ca u_a + ci u_b, g_b += cb u_b + ci u_a for vectors u of the entries. */
        private static void combine(int a, int b, double ca, double cb, double ci, double[] ux, double[] uy, double[] uz,
                                    double[] gx, double[] gy, double[] gz) {
            gx[a] += ca * ux[a] + ci * ux[b];
            gy[a] += ca * uy[a] + ci * uy[b];
            gz[a] += ca * uz[a] + ci * uz[b];
            gx[b] += cb * ux[b] + ci * ux[a];
            gy[b] += cb * uy[b] + ci * uy[a];
            gz[b] += cb * uz[b] + ci * uz[a];
        }

        /** Whether entry q of atom i carries the pair term (LAMMPS's newton-pair half of the full list). */
        boolean keep(int i, int q, Extended ex) { return kept[q]; }

        /** G_q += c · d_q (a radial derivative c = (∂E/∂r)/r). */
        void radial(int q, double c) {
            gx[q] += c * dx[q];
            gy[q] += c * dy[q];
            gz[q] += c * dz[q];
        }

        /** {@link #flush(int, Extended, double[])} without the virial (a product's gradients have none to report). */
        void flush(int i, Extended ex) {
            double[] fx = ex.fx, fy = ex.fy, fz = ex.fz;
            double fix = 0;
            double fiy = 0;
            double fiz = 0;
            for (int q = 0; q < m; q++) {
                int a = local[q];
                fx[a] -= gx[q];
                fy[a] -= gy[q];
                fz[a] -= gz[q];
                fix += gx[q];
                fiy += gy[q];
                fiz += gz[q];
            }
            fx[i] += fix;
            fy[i] += fiy;
            fz[i] += fiz;
            m = 0;
        }

        /** Forces and virial of atom i's energy onto the extended atoms of {@code ex}: f_j −= G, f_i += G, W −= d ⊗ G (xx yy zz xy xz yz). */
        void flush(int i, Extended ex, double[] w) {
            double[] fx = ex.fx, fy = ex.fy, fz = ex.fz;
            double fix = 0;
            double fiy = 0;
            double fiz = 0;
            for (int q = 0; q < m; q++) {
                int a = local[q];
                fx[a] -= gx[q];
                fy[a] -= gy[q];
                fz[a] -= gz[q];
                fix += gx[q];
                fiy += gy[q];
                fiz += gz[q];
                w[0] -= dx[q] * gx[q];
                w[1] -= dy[q] * gy[q];
                w[2] -= dz[q] * gz[q];
                w[3] -= dx[q] * gy[q];
                w[4] -= dx[q] * gz[q];
                w[5] -= dy[q] * gz[q];
            }
            fx[i] += fix;
            fy[i] += fiy;
            fz[i] += fiz;
            m = 0;
        }
    }

    private static ArithmeticException nonFinite(String style, int atom, Atoms atoms) {
        return new ArithmeticException(style + ": non-finite energy at atom " + atom + " (position " + atoms.x(atom, 0) + ", " + atoms.x(atom, 1) + ", "
                + atoms.x(atom, 2) + " Å); atoms overlap or the structure exploded");
    }
}
