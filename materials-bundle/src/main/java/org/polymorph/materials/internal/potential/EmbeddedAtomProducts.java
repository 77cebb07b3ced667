package org.polymorph.materials.internal.potential;

import java.util.Arrays;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.HalfListWalk;
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
 * <p>Three passes, as the force kernel: the pairs within the cutoff and ρ (ghost densities folded onto their owners, F'
 * and F'' copied back); u and ρ̇ (folded the same way); the products. Pair terms are evaluated once and kept for the
 * later passes; parameter slopes are taken only when a parameter tangent or the mixed row is asked for. A style whose terms
 * are linear in p (eam's grid tables) gives the parameter tangents' parts as its own terms evaluated on ṗ ({@link Terms#along}),
 * and may sum the mixed row by its own accumulator ({@link Terms#row}), both cheaper than sparse slopes per pair.
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
         * When the terms are linear in p (grid tables), the same terms with p replaced by a tangent ṗ [m]: their {@link #pair} and
         * {@link #embedding} are then ∂(·)/∂p·ṗ, cheaper than the sparse slopes dotted with ṗ per pair; null (the default) otherwise.
         */
        default Terms along(double[] dp) { return null; }

        /** An accumulator of the mixed row for one product, when the style has a cheaper one than its slopes per pair; null (the default) otherwise. */
        default Row row() { return null; }
    }

    /**
     * The mixed row summed term by term and added to the row at the end: per pair, c_φ ∂φ'/∂p + c_i ∂f_{l→i}/∂p + c'_i ∂f'_{l→i}/∂p +
     * c_l ∂f_{i→l}/∂p + c'_l ∂f'_{i→l}/∂p; per atom, c_F ∂F'/∂p.
     */
    interface Row {
        void pair(int ti, int tl, double r, double cPhi, double cToI, double cToISlope, double cToL, double cToLSlope);

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

    private static final int V = 8;   // pair values kept: φ', φ'', f_{l→i}, f', f'', f_{i→l}, f', f''

    private final String style;
    private final double cutoff;
    private final Terms terms;
    private final int capacity;

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
        Ghosts g = nl.ghosts();
        int n = atoms.size(), ext = g.extended(), tangents = dX.length;
        int[] owner = g.owner();
        int[] te = new int[ext];
        for (int l = 0; l < ext; l++) te[l] = atoms.type(l < n ? l : owner[l - n]);
        // pass 1: the pairs, their values and ρ
        Pairs pairs = new Pairs(Math.max(16, nl.pairs()));
        double[] rho = new double[ext], scratch = new double[V];
        new HalfListWalk(style, atoms, nl, cutoff).forEachExtended((i, l, r, dx, dy, dz) -> {
            terms.pair(te[i], te[l], r, scratch);
            pairs.add(i, l, r, dx, dy, dz, scratch);
            rho[i] += scratch[2];
            rho[l] += scratch[5];
        });
        fold(g, rho);
        double[] fp = new double[ext], fpp = new double[ext], e = new double[2];
        for (int a = 0; a < n; a++) {
            terms.embedding(te[a], rho[a], e);
            fp[a] = e[0];
            fpp[a] = e[1];
        }
        for (int l = n; l < ext; l++) {
            fp[l] = fp[owner[l - n]];
            fpp[l] = fpp[owner[l - n]];
        }
        // pass 2: u (positions) and ρ̇ (parameters) of every tangent, then Ḟ' = F''(u + ρ̇) + ∂F'/∂p·ṗ
        Slopes phi = new Slopes(capacity), toI = new Slopes(capacity), toL = new Slopes(capacity), dF = new Slopes(capacity);
        double[][] u = new double[tangents][ext];
        double[][] rhoDot = dp == null ? null : new double[tangents][ext];
        // kept for pass 3: each pair's d·e/r per tangent and its parameter part ∂φ'/∂p·ṗ + F'_i ∂f'_{l→i}/∂p·ṗ + F'_l ∂f'_{i→l}/∂p·ṗ
        double[][] along = new double[tangents][pairs.count];
        double[][] slopeDot = dp == null ? null : new double[tangents][pairs.count];
        // the terms of each parameter tangent when the style's terms are linear in p (else the slopes, dotted per pair)
        Terms[] tangentTerms = dp == null ? null : new Terms[tangents];
        boolean linear = dp != null;
        for (int b = 0; dp != null && b < tangents; b++) {
            if (dp[b] == null) continue;
            tangentTerms[b] = terms.along(dp[b]);
            linear &= tangentTerms[b] != null;
        }
        double[] dv = new double[V];
        for (int k = 0; k < pairs.count; k++) {
            int i = pairs.i[k], l = pairs.l[k], o = V * k;
            double[] v = pairs.v;
            if (dp != null && !linear) terms.pairSlopes(te[i], te[l], pairs.r[k], phi, toI, toL);
            for (int b = 0; b < tangents; b++) {
                double c = pairs.along(k, dX[b]);
                along[b][k] = c;
                u[b][i] += v[o + 3] * c;
                u[b][l] += v[o + 6] * c;
                if (dp != null && dp[b] != null) {
                    if (linear) {
                        tangentTerms[b].pair(te[i], te[l], pairs.r[k], dv);
                        rhoDot[b][i] += dv[2];
                        rhoDot[b][l] += dv[5];
                        slopeDot[b][k] = dv[0] + fp[i] * dv[3] + fp[l] * dv[6];
                    } else {
                        rhoDot[b][i] += toI.dot(dp[b], false);
                        rhoDot[b][l] += toL.dot(dp[b], false);
                        slopeDot[b][k] = phi.dot(dp[b], false) + fp[i] * toI.dot(dp[b], true) + fp[l] * toL.dot(dp[b], true);
                    }
                }
            }
        }
        double[][] fpDot = new double[tangents][ext];
        for (int b = 0; b < tangents; b++) {
            fold(g, u[b]);
            if (dp != null) fold(g, rhoDot[b]);
        }
        for (int a = 0; a < n; a++) {
            if (dp != null && !linear) terms.embeddingSlopes(te[a], rho[a], dF);     // ∂F'/∂p once per atom for every tangent
            for (int b = 0; b < tangents; b++) {
                double s = u[b][a] + (dp == null ? 0 : rhoDot[b][a]);
                if (dp != null && dp[b] != null) {
                    double fDot;
                    if (linear) {
                        tangentTerms[b].embedding(te[a], rho[a], e);
                        fDot = e[0];
                    } else {
                        fDot = dF.dot(dp[b], false);
                    }
                    fpDot[b][a] = fpp[a] * s + fDot;
                } else {
                    fpDot[b][a] = fpp[a] * s;
                }
            }
        }
        for (int b = 0; b < tangents; b++) {
            for (int l = n; l < ext; l++) {
                fpDot[b][l] = fpDot[b][owner[l - n]];
                u[b][l] = u[b][owner[l - n]];
            }
        }
        Row row = outP == null ? null : terms.row();
        if (outP != null) {
            for (int a = 0; a < n; a++) {
                if (row != null) {
                    row.embedding(te[a], rho[a], u[0][a]);
                } else {
                    terms.embeddingSlopes(te[a], rho[a], dF);
                    dF.add(outP, u[0][a], false);
                }
            }
        }
        // pass 3: the products
        for (int k = 0; k < pairs.count; k++) {
            int i = pairs.i[k], l = pairs.l[k], o = V * k;
            double[] v = pairs.v;
            double r = pairs.r[k];
            double psi = v[o] + fp[i] * v[o + 3] + fp[l] * v[o + 6];
            double psiR = v[o + 1] + fp[i] * v[o + 4] + fp[l] * v[o + 7];
            double gg = psi / r, q = (psiR - gg) / (r * r);
            if (row != null) {
                double c = along[0][k];
                row.pair(te[i], te[l], r, c, fpp[i] * u[0][i], fp[i] * c, fpp[l] * u[0][l], fp[l] * c);
            } else if (outP != null) {
                terms.pairSlopes(te[i], te[l], r, phi, toI, toL);
                double c = along[0][k];
                phi.add(outP, c, false);
                toI.add(outP, fp[i] * c, true);
                toI.add(outP, fpp[i] * u[0][i], false);
                toL.add(outP, fp[l] * c, true);
                toL.add(outP, fpp[l] * u[0][l], false);
            }
            for (int b = 0; b < tangents; b++) {
                double[] t = dX[b], out = outX[b];
                double s = fpDot[b][i] * v[o + 3] + fpDot[b][l] * v[o + 6];
                if (dp != null && dp[b] != null) s += slopeDot[b][k];
                double radial = q * r * along[b][k] + s / r;
                for (int c = 0; c < 3; c++) {
                    double h = gg * (t[3 * l + c] - t[3 * i + c]) + radial * pairs.d[3 * k + c];
                    out[3 * l + c] += h;
                    out[3 * i + c] -= h;
                }
            }
        }
        if (row != null) row.addTo(outP);
    }

    /** Adds each ghost's entry to its owner's (as the force kernel folds ρ). */
    private static void fold(Ghosts g, double[] perExtended) {
        int n = g.atoms();
        int[] owner = g.owner();
        for (int l = n; l < g.extended(); l++) perExtended[owner[l - n]] += perExtended[l];
    }

    /** The pairs within the cutoff: atom i, extended atom l, r (Å), d = x_l − x_i [3] (Å) and the style's values [8] of each, flat. */
    private static final class Pairs {
        int[] i;
        int[] l;
        double[] r;
        double[] d;
        double[] v;
        int count;

        /** Room for {@code capacity} pairs (the list's entries: the pairs within the cutoff are at most these). */
        Pairs(int capacity) {
            i = new int[capacity];
            l = new int[capacity];
            r = new double[capacity];
            d = new double[3 * capacity];
            v = new double[capacity * V];
        }

        void add(int ai, int al, double ar, double x, double y, double z, double[] values) {
            if (count == i.length) {
                int c = 2 * count;
                i = Arrays.copyOf(i, c);
                l = Arrays.copyOf(l, c);
                r = Arrays.copyOf(r, c);
                d = Arrays.copyOf(d, 3 * c);
                v = Arrays.copyOf(v, c * V);
            }
            i[count] = ai;
            l[count] = al;
            r[count] = ar;
            d[3 * count] = x;
            d[3 * count + 1] = y;
            d[3 * count + 2] = z;
            System.arraycopy(values, 0, v, V * count, V);
            count++;
        }

        /** d·(t_l − t_i)/r for pair k and tangent t [3(N + G)]. */
        double along(int k, double[] t) {
            int a = 3 * i[k], b = 3 * l[k], c = 3 * k;
            return (d[c] * (t[b] - t[a]) + d[c + 1] * (t[b + 1] - t[a + 1]) + d[c + 2] * (t[b + 2] - t[a + 2])) / r[k];
        }
    }
}
