package org.polymorph.materials.internal.potential;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * The {@link SecondOrder} products of an embedded-atom energy over a half list's extended atoms (eam, eam/alloy, gupta):
 * <pre>
 *   E = Σ_pairs φ(r) + Σ_a F_a(ρ_a),   ρ_a = Σ_b f_{b→a}(r_ab)   (Daw and Baskes, PRB 29, 6443 (1984))
 * </pre>
 * with f_{b→a} the density atom b puts at atom a. For the pair (i, l), d = x_l − x_i, r = |d|, the gradient is ψ d/r on l
 * (and its opposite on i) with ψ = φ' + F'_i f'_{l→i} + F'_l f'_{i→l}. Its derivative along a tangent δ (per pair
 * e = δ_l − δ_i) is the pair block g e + q (d·e) d, g = ψ/r, q = (ψ_r − g)/r², ψ_r = φ'' + F'_i f''_{l→i} + F'_l f''_{i→l},
 * plus (Ḟ'_i f'_{l→i} + Ḟ'_l f'_{i→l} + ψ̇|_F') d/r, where Ḟ'_a = F''_a (u_a + ρ̇_a) + ∂F'_a/∂p·ṗ with u_a = Σ f'_{→a} (d·e)/r,
 * ρ̇_a = Σ ∂f_{→a}/∂p·ṗ and ψ̇|_F' = ∂φ'/∂p·ṗ + F'_i ∂f'_{l→i}/∂p·ṗ + F'_l ∂f'_{i→l}/∂p·ṗ. The mixed row is
 * ∂(∇E·δ)/∂p = Σ_pairs (∂ψ/∂p|_F') (d·e)/r + Σ_a (∂F'_a/∂p + F''_a ∂ρ_a/∂p) u_a.
 * <p>Two walks, as the force kernel: over the list, the pairs within the cutoff with their values, and ρ, u and ρ̇
 * together (none of them needs F'; a ghost's share goes straight to its owner); then, with F', F'' and Ḟ' per atom,
 * over the kept pairs, the products; the mixed row, when asked for, in a third loop over the kept pairs (its own loop
 * keeps the product loop small), except for the adjoint's product (one tangent, no parameter tangent), whose one-tangent loop
 * has room for it. The adjoint's walk and the forward walk whose tangents need no terms of their own per pair (a parameter
 * tangent that is a multiple of the tables, {@link Tangents#scales}, or none) have loops of their own that keep atom i's sums
 * in locals: a sum through memory from pair to pair held the general walk back (the adjoint's product ~25 % faster). Pair terms are evaluated once per product, for every tangent; (d·e)/r is taken again in
 * the second walk, which reads e anyway. The pairs' values are kept between the walks rather than taken again: the
 * splines cost more than the stores (an adjoint product ~20 % slower with them recomputed). Parameter slopes are taken only when a parameter tangent or the mixed
 * row is asked for. Work arrays are kept from call to call (the size of the largest system asked for, per concurrent
 * caller). A style whose terms are linear in p (eam's grid tables) gives the parameter tangents' parts as its own terms
 * evaluated on ṗ ({@link Terms#along}), and may sum the mixed row by its own accumulator ({@link Terms#row}), both cheaper
 * than sparse slopes per pair. {@link #forceAndTangents} walks the same way for k tangents given on the atoms (a ghost's
 * read and written at its owner's slot, no extended copies) and adds the force from each pair's ψ in the second walk:
 * forward mode through a trajectory with the primal sweep.
 */
final class EmbeddedAtomProducts {
    /** What a style supplies; t_i, t_l are the structure's types of the two extended atoms (a ghost has its owner's). */
    interface Terms {
        /**
         * For atoms of types ti (at i) and tl (at l) at distance r (Å): out[0] = φ' (eV/Å), out[1] = φ'' (eV/Å²),
         * out[2..4] = f_{l→i}, f'_{l→i}, f''_{l→i} (the density at i from l and its r-derivatives), out[5..7] = the same
         * for f_{i→l}.
         */
        void pair(int ti, int tl, double r, double[] out);

        /** ∂φ'/∂p into {@code phi} (values), ∂f_{l→i}/∂p and ∂f'_{l→i}/∂p into {@code toI} (values, slopes), f_{i→l} into {@code toL}. */
        void pairSlopes(int ti, int tl, double r, Slopes phi, Slopes toI, Slopes toL);

        /** F'(ρ) (eV per density unit) into out[0] and F''(ρ) into out[1] for an atom of type t. */
        void embedding(int t, double rho, double[] out);

        /** ∂F'/∂p at fixed ρ into {@code out} (values). */
        void embeddingSlopes(int t, double rho, Slopes out);

        /**
         * When the terms are linear in p (grid tables), their parameter parts along each tangent ṗ_b [m] of {@code dp} (a null row:
         * none), which are the style's terms evaluated on ṗ_b, cheaper than the sparse slopes dotted with ṗ per pair; null (the
         * default) otherwise. The products keep them while the same ṗ come back (a trajectory asks for them at every step).
         */
        default Tangents along(double[][] dp) { return null; }

        /** An accumulator of the mixed row for one product, when the style has a cheaper one than its slopes per pair; null (the default) otherwise. */
        default Row row() { return null; }
    }

    /** A linear style's terms along B parameter tangents ṗ_b ({@link Terms#along}), evaluated for all of them at once. */
    interface Tangents {
        /**
         * {@link Terms#pair}'s values into {@code values} [8] (the same numbers) and out[5b .. 5b+4] = ∂φ'/∂p·ṗ_b, ∂f_{l→i}/∂p·ṗ_b,
         * ∂f'_{l→i}/∂p·ṗ_b, ∂f_{i→l}/∂p·ṗ_b, ∂f'_{i→l}/∂p·ṗ_b for the pair of types ti, tl at r (Å) (zeros for a null ṗ_b), out
         * with room for 5B: one lookup of the pair's interval for the values and every tangent.
         */
        void pair(int ti, int tl, double r, double[] values, double[] out);

        /** Whether tangent b has a part in any pair term (φ or f); false when ṗ_b touches F alone: its pair parts are all zero. */
        boolean pairParts(int b);

        /**
         * {c_φ, c_f} when tangent b's pair parts are the pair's own terms times two constants for every pair, ∂φ'/∂p·ṗ_b = c_φ φ',
         * ∂f/∂p·ṗ_b = c_f f and ∂f'/∂p·ṗ_b = c_f f' (ṗ_b a multiple of p in the φ and in the f tables, as the tangent of a table
         * scale), so that ρ̇_b = c_f ρ: the products take those parts from the values they hold, and {@link #pair} may leave
         * tangent b out (zeros); null (the default) otherwise.
         */
        default double[] scales(int b) { return null; }

        /** out[b] = ∂F'/∂p·ṗ_b at fixed ρ for an atom of type t. */
        void embedding(int t, double rho, double[] out);
    }

    /**
     * The mixed row summed term by term and added to the row at the end: per pair, c_φ ∂φ'/∂p + c_i ∂f_{l→i}/∂p + c'_i ∂f'_{l→i}/∂p +
     * c_l ∂f_{i→l}/∂p + c'_l ∂f'_{i→l}/∂p; per atom, c_F ∂F'/∂p.
     */
    interface Row {
        /** The pair's terms at r (Å), with 1/r given. */
        void pair(int ti, int tl, double r, double inv, double cPhi, double cToI, double cToISlope, double cToL, double cToLSlope);

        void embedding(int t, double rho, double cF);

        /** Adds the sum to {@code outP} [m]. */
        void addTo(double[] outP);
    }

    /** Sparse derivatives in the parameter vector p: entries p_{index[k]} with {@code value[k]} (and {@code slope[k]}), k &lt; count. */
    static final class Slopes {
        final int[] index;
        final double[] value;
        final double[] slope;
        int count;

        Slopes(int capacity) {
            index = new int[capacity];
            value = new double[capacity];
            slope = new double[capacity];
        }

        /** Σ_k value[k] v[index[k]] (or the slopes). */
        double dot(double[] v, boolean slopes) {
            double[] w = slopes ? slope : value;
            double s = 0;
            for (int k = 0; k < count; k++) s += w[k] * v[index[k]];
            return s;
        }

        /** out[index[k]] += c · value[k] (or the slopes). */
        void add(double[] out, double c, boolean slopes) {
            double[] w = slopes ? slope : value;
            for (int k = 0; k < count; k++) out[index[k]] += c * w[k];
        }
    }

    private final String style;
    private final double cutoff;
    private final Terms terms;
    private final int capacity;
    /** Work arrays, one set per concurrent caller (row-parallel threads take different sets), reused from call to call. */
    private final ConcurrentLinkedDeque<Work> pool = new ConcurrentLinkedDeque<>();
    /** The parameter tangents of the latest call and their terms ({@link Terms#along}): a trajectory asks for the same ṗ at every step. */
    private volatile Along recent;

    /** {@code capacity}: the most entries any of the style's {@link Slopes} holds. */
    EmbeddedAtomProducts(String style, double cutoff, Terms terms, int capacity) {
        this.style = style;
        this.cutoff = cutoff;
        this.terms = terms;
        this.capacity = capacity;
    }

    /**
     * {@link SecondOrder#hessianProducts} (dp null, or a null row: no parameter tangent), and the mixed row of tangent 0's
     * positions part into outP [m] when it is not null.
     */
    void products(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX, double[] outP) {
        PairSum.checkHalf(style, nl);
        Work w = pool.pollFirst();
        if (w == null) w = new Work(capacity);
        try {
            w.products(atoms, nl, dX, dp, outX, outP);
        } finally {
            if (pool.size() < 8) pool.addFirst(w);
        }
    }

    /**
     * {@link ForceTangents#forceAndTangents} on a half list: the same two walks as {@link #products}, with the tangents read
     * and the products written at the atom behind each ghost (no extended copies) and the force ψ d/r of each pair, which
     * the products' second walk has at hand, added to {@code forces} [3N] (eV/Å) when it is not null.
     */
    void forceAndTangents(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
        PairSum.checkHalf(style, nl);
        int n3k = 3 * k * atoms.size();
        if (dT.length < n3k || outT.length < n3k) {
            throw new IllegalArgumentException(style + ": tangents of " + dT.length + " and products of " + outT.length + " components for "
                    + k + " tangents of " + atoms.size() + " atoms; give 3kN = " + n3k + " each");
        }
        if (dp != null && dp.length != k) throw new IllegalArgumentException(style + ": " + dp.length + " parameter tangents for k = " + k + "; give k rows or none");
        Work w = pool.pollFirst();
        if (w == null) w = new Work(capacity);
        try {
            w.onAtoms(atoms, nl, k, dT, dp, outT, forces);
        } finally {
            if (pool.size() < 8) pool.addFirst(w);
        }
    }

    /**
     * The parameter tangents' terms when the style's terms are linear in p, else null: the latest call's when ṗ is the same
     * (same values), so a style builds its tables of ṗ once per trajectory, not once per step.
     */
    private Tangents tangentTerms(double[][] dp) {
        Along last = recent;
        if (last != null && last.dp.length == dp.length) {
            boolean same = true;
            for (int b = 0; same && b < dp.length; b++) same = Arrays.equals(last.dp[b], dp[b]);
            if (same) return last.terms;
        }
        Tangents t = terms.along(dp);
        if (t == null) return null;
        double[][] copy = new double[dp.length][];
        for (int b = 0; b < dp.length; b++) copy[b] = dp[b] == null ? null : dp[b].clone();
        recent = new Along(copy, t);
        return t;
    }

    /** Parameter tangents ṗ [B][m] (a copy) and their terms. */
    private record Along(double[][] dp, Tangents terms) { }

    /**
     * One caller's work arrays, grown as asked and kept. Per pair within the cutoff (index c): i, the extended atom l, 1/r,
     * r (Å, for the mixed row only) and the six values φ', φ'', f'_{l→i}, f''_{l→i}, f'_{i→l}, f''_{i→l} that the products
     * read (d = x_l − x_i is taken again from the positions, the same numbers, cheaper than kept: 24 bytes less per pair to
     * write and read back); per atom (ghosts accumulate straight into their owners): ρ, F', F''. The B tangents side by
     * side, so a pair reads and writes all of them in one or two cache lines: their positions and products per extended
     * atom [(N + G) × B × 3] (or the caller's on the atoms), u, ρ̇ and Ḟ' per atom [N × B], the parameter parts per pair
     * [pairs × S × 3] for the S tangents with pair parts.
     */
    private final class Work {
        private static final int V = 6;

        private int[] type = new int[0];
        private int[] owner = new int[0];
        private double[] x = new double[0];
        private double[] y = new double[0];
        private double[] z = new double[0];
        private int[] pairI = new int[0];
        private int[] pairL = new int[0];
        private double[] r = new double[0];
        private double[] inv = new double[0];
        private double[] v = new double[0];
        private double[] rho = new double[0];
        private double[] fp = new double[0];
        private double[] fpp = new double[0];
        /** The tangents dX and the products, [(N + G) × B × 3]. */
        private double[] tx = new double[0];
        private double[] ox = new double[0];
        /**
         * What the walks read and write: tx and ox on the extended atoms, or the caller's tangents and products on the atoms
         * [N × B × 3] ({@link #onAtoms}), a ghost's at its owner's slot.
         */
        private double[] tIn;
        private double[] tOut;
        private boolean atomSlots;
        /** The forces [3N] the second walk adds to, or null. */
        private double[] force;
        /** u, ρ̇, Ḟ' [N × B]. */
        private double[] u = new double[0];
        private double[] rhoDot = new double[0];
        private double[] fpDot = new double[0];
        /**
         * Per pair, per tangent with a part in the pair terms (the S of them listed in {@link #paired}): ∂φ'/∂p·ṗ, ∂f'_{l→i}/∂p·ṗ,
         * ∂f'_{i→l}/∂p·ṗ [pairs × S × 3].
         */
        private double[] slopeDot = new double[0];
        /** The tangents b with pair parts, in order [S], and each tangent's place among them (−1: none) [B]. */
        private int[] paired = new int[0];
        private int[] pairedAt = new int[0];
        /**
         * Tangent b's constants c_φ and c_f when its pair parts are the pair's own terms times them ({@link Tangents#scales}),
         * zero for the others [B]; whether any tangent has them.
         */
        private double[] cPhi = new double[0];
        private double[] cRho = new double[0];
        private boolean scaled;
        private double[] along = new double[0];
        private double[] acBuf = new double[0];
        private double[] alongF = new double[0];
        private final double[] values = new double[8];
        private final double[] e = new double[2];
        private final Slopes phi;
        private final Slopes toI;
        private final Slopes toL;
        private final Slopes dF;

        Work(int capacity) {
            phi = new Slopes(capacity);
            toI = new Slopes(capacity);
            toL = new Slopes(capacity);
            dF = new Slopes(capacity);
        }

        /** Room for n atoms, ext extended atoms, the list's entries as pairs and nb tangents; the accumulators zeroed. */
        private void size(int n, int ext, int entries, int nb, boolean params) {
            if (type.length < ext) {
                type = new int[ext];
                owner = new int[ext];
                x = new double[ext];
                y = new double[ext];
                z = new double[ext];
            }
            if (pairI.length < entries) {
                pairI = new int[entries];
                pairL = new int[entries];
                r = new double[entries];
                inv = new double[entries];
                v = new double[V * entries];
            }
            if (rho.length < n) {
                rho = new double[n];
                fp = new double[n];
                fpp = new double[n];
            }
            if (!atomSlots && tx.length < 3 * nb * ext) {
                tx = new double[3 * nb * ext];
                ox = new double[3 * nb * ext];
            }
            if (u.length < nb * n) {
                u = new double[nb * n];
                rhoDot = new double[nb * n];
                fpDot = new double[nb * n];
            }
            if (along.length < 5 * nb) {
                along = new double[5 * nb];
                alongF = new double[nb];
            }
            if (pairedAt.length < nb) pairedAt = new int[nb];
            Arrays.fill(rho, 0, n, 0);
            Arrays.fill(u, 0, nb * n, 0);
            Arrays.fill(rhoDot, 0, nb * n, 0);
            if (!atomSlots) Arrays.fill(ox, 0, 3 * nb * ext, 0);
        }

        /** The force and the products of k interleaved tangents on the atoms ({@link EmbeddedAtomProducts#forceAndTangents}). */
        void onAtoms(Atoms atoms, NeighborList nl, int k, double[] dT, double[][] dp, double[] outT, double[] forces) {
            atomSlots = true;
            tIn = dT;
            tOut = outT;
            force = forces;
            try {
                boolean params = prepare(atoms, nl, k, dp);
                Tangents linear = params ? tangentTerms(dp) : null;
                pairedTangents(k, dp, linear, nl.pairs());
                int count = paired.length == 0 && (!params || linear != null) ? walkOwn(nl, k) : walk(nl, k, dp, params, linear, false);
                embed(atoms.size(), k, dp, params, linear);
                apply(count, k, dp, null, null);
            } finally {
                tIn = null;
                tOut = null;
                force = null;
                atomSlots = false;
            }
        }

        /** Lists the tangents with pair parts ({@link #paired}) and sizes their slopes for the list's entries. */
        private void pairedTangents(int nb, double[][] dp, Tangents linear, int entries) {
            int ns = 0;
            if (cPhi.length < nb) {
                cPhi = new double[nb];
                cRho = new double[nb];
            }
            Arrays.fill(cPhi, 0, nb, 0);
            Arrays.fill(cRho, 0, nb, 0);
            scaled = false;
            for (int b = 0; b < nb; b++) {
                boolean has = dp != null && dp[b] != null && (linear == null || linear.pairParts(b));
                double[] sc = has && linear != null ? linear.scales(b) : null;
                if (sc != null) {              // its parts from the pair's own values: no slopes kept
                    cPhi[b] = sc[0];
                    cRho[b] = sc[1];
                    scaled = true;
                    has = false;
                }
                pairedAt[b] = has ? ns++ : -1;
            }
            if (paired.length != ns) paired = new int[ns];
            for (int b = 0; b < nb; b++) if (pairedAt[b] >= 0) paired[pairedAt[b]] = b;
            if (slopeDot.length < 3 * ns * entries) slopeDot = new double[3 * ns * entries];
        }

        /** Sizes the arrays for nb tangents and loads the extended atoms' owners, types and positions; whether any ṗ is given. */
        private boolean prepare(Atoms atoms, NeighborList nl, int nb, double[][] dp) {
            Ghosts g = nl.ghosts();
            int n = atoms.size(), ext = g.extended();
            boolean params = false;
            for (int b = 0; dp != null && b < nb; b++) params |= dp[b] != null;
            size(n, ext, nl.pairs(), nb, params);
            int[] own = g.owner();
            for (int l = 0; l < ext; l++) {
                owner[l] = l < n ? l : own[l - n];
                type[l] = atoms.type(owner[l]);
            }
            g.positions(atoms, x, y, z);
            return params;
        }

        void products(Atoms atoms, NeighborList nl, double[][] dX, double[][] dp, double[][] outX, double[] outP) {
            int n = atoms.size(), ext = nl.ghosts().extended(), nb = dX.length, w = 3 * nb;
            boolean params = prepare(atoms, nl, nb, dp);
            tIn = tx;
            tOut = ox;
            for (int b = 0; b < nb; b++) {
                double[] t = dX[b];
                for (int l = 0, o = 3 * b; l < ext; l++, o += w) {
                    tx[o] = t[3 * l];
                    tx[o + 1] = t[3 * l + 1];
                    tx[o + 2] = t[3 * l + 2];
                }
            }
            Tangents linear = params ? tangentTerms(dp) : null;
            pairedTangents(nb, dp, linear, nl.pairs());
            int count = nb == 1 && !params ? walkOne(nl) : walk(nl, nb, dp, params, linear, outP != null);
            embed(n, nb, dp, params, linear);
            Row row = outP == null ? null : terms.row();
            if (outP != null) {
                for (int a = 0; a < n; a++) {
                    if (row != null) {
                        row.embedding(type[a], rho[a], u[nb * a]);
                    } else {
                        terms.embeddingSlopes(type[a], rho[a], dF);
                        dF.add(outP, u[nb * a], false);
                    }
                }
            }
            if (nb == 1 && !params && row != null) applyRow(count, row);   // the adjoint's product: one loop for the product and the row
            else apply(count, nb, dp, outP, row);
            if (row != null) row.addTo(outP);
            for (int b = 0; b < nb; b++) {
                double[] out = outX[b];
                for (int l = 0, o = 3 * b; l < ext; l++, o += w) {
                    out[3 * l] += ox[o];
                    out[3 * l + 1] += ox[o + 1];
                    out[3 * l + 2] += ox[o + 2];
                }
            }
            tIn = null;
            tOut = null;
        }

        /**
         * The first walk, over the list: each pair within the cutoff kept with its values; ρ, and per tangent u and ρ̇,
         * summed onto the owners (none of them needs F'); each parameter tangent's slopes kept. Returns the pair count.
         */
        private int walk(NeighborList nl, int nb, double[][] dp, boolean params, Tangents linear, boolean keepR) {
            int n = nl.atoms(), count = 0, w = 3 * nb, ns = paired.length;
            int[] with = paired;
            int[] local = nl.ghosts().local();
            double rc2 = cutoff * cutoff;
            double[] val = values, dv = along, tx = tIn;
            boolean slopes = params && linear == null, atoms = atomSlots;
            boolean spline = linear != null && ns > 0;     // a tangent with splines of its own: else the pair's own values serve them all
            for (int i = 0; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i];
                int ti = type[i], iw = w * i, ib = nb * i;
                for (int k = nl.start(i), end = nl.end(i); k < end; k++) {
                    int l = local[k];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    int lo = owner[l];
                    if (r2 == 0) throw PairSum.overlap(style, i, lo);
                    double rk = Math.sqrt(r2), ik = 1 / rk;
                    int tl = type[l];
                    if (spline) linear.pair(ti, tl, rk, val, dv);
                    else terms.pair(ti, tl, rk, val);
                    rho[i] += val[2];
                    rho[lo] += val[5];
                    int c = count++;
                    int slot = atoms ? lo : l;                 // where l's tangent and product live
                    keep(c, i, l, ik, val);
                    if (keepR) r[c] = rk;
                    double fI = val[3], fL = val[6];
                    int lw = w * slot, lb = nb * lo;
                    for (int b = 0, bw = 0; b < nb; b++, bw += 3) {
                        double ac = (dx * (tx[lw + bw] - tx[iw + bw]) + dy * (tx[lw + bw + 1] - tx[iw + bw + 1])
                                + dz * (tx[lw + bw + 2] - tx[iw + bw + 2])) * ik;
                        u[ib + b] += fI * ac;
                        u[lb + b] += fL * ac;
                    }
                    if (!params) continue;
                    if (slopes) terms.pairSlopes(ti, tl, rk, phi, toI, toL);
                    for (int q = 0, sw = 3 * ns * c; q < ns; q++, sw += 3) {
                        int b = with[q];
                        if (!slopes) {
                            int ob = 5 * b;
                            rhoDot[ib + b] += dv[ob + 1];
                            rhoDot[lb + b] += dv[ob + 3];
                            slopeDot[sw] = dv[ob];
                            slopeDot[sw + 1] = dv[ob + 2];
                            slopeDot[sw + 2] = dv[ob + 4];
                        } else {
                            rhoDot[ib + b] += toI.dot(dp[b], false);
                            rhoDot[lb + b] += toL.dot(dp[b], false);
                            slopeDot[sw] = phi.dot(dp[b], false);
                            slopeDot[sw + 1] = toI.dot(dp[b], true);
                            slopeDot[sw + 2] = toL.dot(dp[b], true);
                        }
                    }
                }
            }
            return count;
        }

        /** Per atom: F', F'' and each tangent's Ḟ' = F''(u + ρ̇) + ∂F'/∂p·ṗ. */
        private void embed(int n, int nb, double[][] dp, boolean params, Tangents linear) {
            for (int a = 0; a < n; a++) {
                if (!Double.isFinite(rho[a])) throw new IllegalStateException(style + ": density of atom " + a + " is " + rho[a] + "; check its position");
                terms.embedding(type[a], rho[a], e);
                fp[a] = e[0];
                fpp[a] = e[1];
            }
            boolean slopes = params && linear == null;
            for (int a = 0; a < n; a++) {
                if (slopes) terms.embeddingSlopes(type[a], rho[a], dF);     // ∂F'/∂p once per atom for every tangent
                else if (params) linear.embedding(type[a], rho[a], alongF);
                for (int b = 0, ab = nb * a; b < nb; b++, ab++) {
                    boolean param = params && dp[b] != null;
                    double s = u[ab] + (param ? rhoDot[ab] + cRho[b] * rho[a] : 0);   // ρ̇ of a scaled tangent: c_f ρ
                    double fDot = 0;
                    if (param) fDot = slopes ? dF.dot(dp[b], false) : alongF[b];
                    fpDot[ab] = fpp[a] * s + fDot;
                }
            }
        }

        /**
         * The second walk, over the kept pairs: the products; then, when outP is asked for, tangent 0's mixed row in a walk of
         * its own over the pairs (a loop of its own keeps the product loop's registers free), from (d·e)/r of tangent 0 kept per pair.
         */
        private void apply(int count, int nb, double[][] dp, double[] outP, Row row) {
            int w = 3 * nb, ns = paired.length;
            int[] at0 = pairedAt;
            double[] ac0 = outP != null ? along0(count) : null, tx = tIn, ox = tOut, f = force, kPhi = cPhi, kRho = cRho;
            boolean atoms = atomSlots, sc = scaled;
            for (int c = 0; c < count; c++) {
                int i = pairI[c], l = pairL[c], lo = owner[l], o = V * c, iw = w * i, lw = w * (atoms ? lo : l), ib = nb * i, lb = nb * lo;
                double ik = inv[c], dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];   // the walk's d, taken again
                double fpi = fp[i], fpl = fp[lo], fI = v[o + 2], fL = v[o + 4];
                double psi = v[o] + fpi * fI + fpl * fL, dens = fpi * fI + fpl * fL;
                double psiR = v[o + 1] + fpi * v[o + 3] + fpl * v[o + 5];
                double gg = psi * ik, qr = (psiR - gg) * ik;   // g and q r
                if (f != null) {                               // −∂E/∂x_l = −g d on l's owner, +g d on i
                    double gx = gg * dx, gy = gg * dy, gz = gg * dz;
                    f[3 * i] += gx;
                    f[3 * i + 1] += gy;
                    f[3 * i + 2] += gz;
                    f[3 * lo] -= gx;
                    f[3 * lo + 1] -= gy;
                    f[3 * lo + 2] -= gz;
                }
                for (int b = 0, bw = 0; b < nb; b++, bw += 3) {
                    double ex = tx[lw + bw] - tx[iw + bw], ey = tx[lw + bw + 1] - tx[iw + bw + 1], ez = tx[lw + bw + 2] - tx[iw + bw + 2];
                    double ac = (dx * ex + dy * ey + dz * ez) * ik;
                    if (b == 0 && ac0 != null) ac0[c] = ac;
                    double s = fpDot[ib + b] * fI + fpDot[lb + b] * fL;
                    int at = at0[b];
                    if (at >= 0) {
                        int sw = 3 * (ns * c + at);
                        s += slopeDot[sw] + fpi * slopeDot[sw + 1] + fpl * slopeDot[sw + 2];
                    }
                    if (sc) s += kPhi[b] * v[o] + kRho[b] * dens;      // a scaled tangent's c_φ φ' + F'_i c_f f'_{l→i} + F'_l c_f f'_{i→l}
                    double radial = qr * ac + s * ik;
                    double hx = gg * ex + radial * dx, hy = gg * ey + radial * dy, hz = gg * ez + radial * dz;
                    ox[lw + bw] += hx;
                    ox[lw + bw + 1] += hy;
                    ox[lw + bw + 2] += hz;
                    ox[iw + bw] -= hx;
                    ox[iw + bw + 1] -= hy;
                    ox[iw + bw + 2] -= hz;
                }
            }
            if (outP == null) return;
            for (int c = 0; c < count; c++) {
                int i = pairI[c], l = pairL[c], lo = owner[l];
                double ac = ac0[c], fpi = fp[i], fpl = fp[lo], ui = u[nb * i], ul = u[nb * lo];
                if (row != null) {
                    row.pair(type[i], type[l], r[c], inv[c], ac, fpp[i] * ui, fpi * ac, fpp[lo] * ul, fpl * ac);
                } else {
                    terms.pairSlopes(type[i], type[l], r[c], phi, toI, toL);
                    phi.add(outP, ac, false);
                    toI.add(outP, fpi * ac, true);
                    toI.add(outP, fpp[i] * ui, false);
                    toL.add(outP, fpl * ac, true);
                    toL.add(outP, fpp[lo] * ul, false);
                }
            }
        }

        /**
         * Kept pair c for the second walk: its atoms i and l (extended index), 1/r (Å⁻¹) and at v[V·c .. V·c + 6) φ', φ'', then f'_{l→i},
         * f''_{l→i}, f'_{i→l}, f''_{i→l} (from {@code val} in {@link Terms#pair}'s layout).
         */
        private void keep(int c, int i, int l, double ik, double[] val) {
            pairI[c] = i;
            pairL[c] = l;
            inv[c] = ik;
            int o = V * c;
            v[o] = val[0];
            v[o + 1] = val[1];
            v[o + 2] = val[3];
            v[o + 3] = val[4];
            v[o + 4] = val[6];
            v[o + 5] = val[7];
        }

        /**
         * {@link #walk} when no tangent needs terms of its own per pair (no parameter tangent, or each one's pair parts are multiples of
         * the pair's values or zero, {@link Tangents#scales}), the tangents on the atoms ({@link #onAtoms}): i's density in a local over
         * its list.
         */
        private int walkOwn(NeighborList nl, int nb) {
            int n = nl.atoms(), count = 0, w = 3 * nb;
            int[] local = nl.ghosts().local();
            double rc2 = cutoff * cutoff;
            double[] val = values, tx = tIn;
            for (int i = 0; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i], rhoI = 0;
                int ti = type[i], iw = w * i, ib = nb * i;
                for (int k = nl.start(i), end = nl.end(i); k < end; k++) {
                    int l = local[k];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    int lo = owner[l];
                    if (r2 == 0) throw PairSum.overlap(style, i, lo);
                    double rk = Math.sqrt(r2), ik = 1 / rk;
                    terms.pair(ti, type[l], rk, val);
                    rhoI += val[2];
                    rho[lo] += val[5];
                    keep(count++, i, l, ik, val);
                    double fI = val[3], fL = val[6];
                    int lw = w * lo, lb = nb * lo;
                    for (int b = 0, bw = 0; b < nb; b++, bw += 3) {
                        double ac = (dx * (tx[lw + bw] - tx[iw + bw]) + dy * (tx[lw + bw + 1] - tx[iw + bw + 1])
                                + dz * (tx[lw + bw + 2] - tx[iw + bw + 2])) * ik;
                        u[ib + b] += fI * ac;
                        u[lb + b] += fL * ac;
                    }
                }
                rho[i] += rhoI;
            }
            return count;
        }

        /**
         * {@link #walk} for the adjoint's product, one tangent on the extended atoms and no parameter tangent: i's density, u and
         * tangent in locals over its list (no chain through memory from pair to pair), r kept for the row.
         */
        private int walkOne(NeighborList nl) {
            int n = nl.atoms(), count = 0;
            int[] local = nl.ghosts().local();
            double rc2 = cutoff * cutoff;
            double[] val = values, tx = tIn;
            for (int i = 0; i < n; i++) {
                double xi = x[i], yi = y[i], zi = z[i], exi = tx[3 * i], eyi = tx[3 * i + 1], ezi = tx[3 * i + 2], rhoI = 0, uI = 0;
                int ti = type[i];
                for (int k = nl.start(i), end = nl.end(i); k < end; k++) {
                    int l = local[k];
                    double dx = x[l] - xi, dy = y[l] - yi, dz = z[l] - zi;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= rc2) continue;
                    int lo = owner[l];
                    if (r2 == 0) throw PairSum.overlap(style, i, lo);
                    double rk = Math.sqrt(r2), ik = 1 / rk;
                    terms.pair(ti, type[l], rk, val);
                    rhoI += val[2];
                    rho[lo] += val[5];
                    int c = count++, l3 = 3 * l;
                    keep(c, i, l, ik, val);
                    r[c] = rk;
                    double fI = val[3], fL = val[6];
                    double ac = (dx * (tx[l3] - exi) + dy * (tx[l3 + 1] - eyi) + dz * (tx[l3 + 2] - ezi)) * ik;
                    uI += fI * ac;
                    u[lo] += fL * ac;
                }
                rho[i] += rhoI;
                u[i] += uI;
            }
            return count;
        }

        /**
         * {@link #apply} for the adjoint's product: one tangent on the extended atoms, no parameter tangent, and the mixed row
         * by the style's accumulator, in one loop over the kept pairs (the same numbers: one tangent leaves the registers free).
         */
        private void applyRow(int count, Row row) {
            double[] tx = tIn, ox = tOut;
            for (int c = 0; c < count; c++) {
                int i = pairI[c], l = pairL[c], lo = owner[l], o = V * c, i3 = 3 * i, l3 = 3 * l;
                double ik = inv[c], dx = x[l] - x[i], dy = y[l] - y[i], dz = z[l] - z[i];
                double fpi = fp[i], fpl = fp[lo], fI = v[o + 2], fL = v[o + 4];
                double psi = v[o] + fpi * fI + fpl * fL;
                double psiR = v[o + 1] + fpi * v[o + 3] + fpl * v[o + 5];
                double gg = psi * ik, qr = (psiR - gg) * ik;
                double ex = tx[l3] - tx[i3], ey = tx[l3 + 1] - tx[i3 + 1], ez = tx[l3 + 2] - tx[i3 + 2];
                double ac = (dx * ex + dy * ey + dz * ez) * ik;
                double fdi = fpDot[i], fdl = fpDot[lo];
                double radial = qr * ac + (fdi * fI + fdl * fL) * ik;
                double hx = gg * ex + radial * dx, hy = gg * ey + radial * dy, hz = gg * ez + radial * dz;
                ox[l3] += hx;
                ox[l3 + 1] += hy;
                ox[l3 + 2] += hz;
                ox[i3] -= hx;
                ox[i3 + 1] -= hy;
                ox[i3 + 2] -= hz;
                row.pair(type[i], type[l], r[c], ik, ac, fpp[i] * u[i], fpi * ac, fpp[lo] * u[lo], fpl * ac);
            }
        }

        /** (d·e)/r of tangent 0 per pair [count], kept from call to call. */
        private double[] along0(int count) {
            if (acBuf.length < count) acBuf = new double[count];
            return acBuf;
        }
    }
}
