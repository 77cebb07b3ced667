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
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive);
                double ei = site.energy(i, sc, ex);
                if (!Double.isFinite(ei)) throw nonFinite(style, i, atoms);
                energy += ei;
                sc.flush(i, ex, w);
            }
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
        if (dp != null && dp.length != parameters || outP != null && outP.length != parameters) {
            throw new IllegalArgumentException(style + ": " + parameters + " parameters, the parameter tangent or product has another length");
        }
        int[] t = atoms.types();
        double[] w = new double[6];
        Scratch sc = new Scratch(nl.maxNeighbors());
        try (Extended ex = pool.take(atoms, nl)) {
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive);
                sc.tangents(i, dX);
                site.product(i, sc, ex);
                sc.flush(i, ex, w);
            }
            for (int l = 0, m = ex.size(); l < m; l++) {
                outX[3 * l] -= ex.fx[l];
                outX[3 * l + 1] -= ex.fy[l];
                outX[3 * l + 2] -= ex.fz[l];
            }
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
            for (int i = 0; i < atoms.size(); i++) {
                sc.load(i, ex, t, nl, pairSlot, types, cutsq, inclusive);
                tg.load(i, sc, dX);
                site.products(i, sc, tg, ex);
                tg.flush(i, sc, outX);
                sc.m = 0;
            }
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
        }

        /**
         * Loads the short list of atom i from the extended positions of {@code ex} (the list's ghost
         * atoms): the entries with r² &lt; cutsq[slot] (≤ when {@code inclusive}), slot = pairSlot[ti·T + tj];
         * their gradients start at 0.
         */
        void load(int i, Extended ex, int[] t, NeighborList nl, int[] pairSlot, int types, double[] cutsq, boolean inclusive) {
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
                if (inclusive ? r2 > cutsq[p] : r2 >= cutsq[p]) continue;
                int q = m++;
                dx[q] = ddx;
                dy[q] = ddy;
                dz[q] = ddz;
                r[q] = Math.sqrt(r2);
                j[q] = a;
                local[q] = l;
                slot[q] = p;
                gx[q] = 0;
                gy[q] = 0;
                gz[q] = 0;
            }
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
        boolean keep(int i, int q, Extended ex) { return ex.keptOnce(i, local[q]); }

        /** G_q += c · d_q (a radial derivative c = (∂E/∂r)/r). */
        void radial(int q, double c) {
            gx[q] += c * dx[q];
            gy[q] += c * dy[q];
            gz[q] += c * dz[q];
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
