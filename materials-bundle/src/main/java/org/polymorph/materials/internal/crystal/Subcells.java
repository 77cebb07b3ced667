package org.polymorph.materials.internal.crystal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Local motifs of an amorphous cell (jax-md's {@code crystallizer_utils.get_subcells_to_crystallize} and
 * {@code subcells_to_structures}). The unit cube of fractional coordinates is cut into {@code bins} = ⌊1/d_frac⌋ slabs per
 * axis; a subcell is a box of whole slabs, from slab {@code lo[k]} to slab {@code hi[k]} inclusive on axis k (fractional
 * bounds lo·d_frac and (hi + 1)·d_frac), and holds the atoms whose wrapped fractional coordinates lie within the bounds
 * (bounds included). Kept are those with n_min ≤ atoms ≤ n_max that pass the {@link Filter}. A subcell becomes a periodic
 * structure of its own: the cell scaled by (hi − lo + 1)·d_frac along each axis, the atoms at their fractional positions
 * within the subcell. Subcells are listed in the order of (lo, hi) on axis 0, then 1, then 2, so their indices are stable.
 */
final class Subcells {
    /** Atom indices into the amorphous cell, first and last slab per axis. */
    record Subcell(int[] atoms, int[] lo, int[] hi) {
        Subcell {
            atoms = atoms.clone();
            lo = lo.clone();
            hi = hi.clone();
        }

        @Override public int[] atoms() { return atoms.clone(); }

        @Override public int[] lo() { return lo.clone(); }

        @Override public int[] hi() { return hi.clone(); }

        int size() { return atoms.length; }

        /** Whether the subcell spans the same number of slabs on every axis (jax-md's demo keeps only these). */
        boolean cubic() { return hi[0] - lo[0] == hi[1] - lo[1] && hi[1] - lo[1] == hi[2] - lo[2]; }

        @Override public boolean equals(Object o) {
            return o instanceof Subcell s && Arrays.equals(atoms, s.atoms) && Arrays.equals(lo, s.lo) && Arrays.equals(hi, s.hi);
        }

        @Override public int hashCode() { return Arrays.hashCode(atoms) * 31 + Arrays.hashCode(lo) * 7 + Arrays.hashCode(hi); }
    }

    /**
     * Which subcells to keep beyond their size: reduced formulas (keys of {@link Composition#key()}; empty: any), atom
     * counts (empty: any from n_min to n_max), and only cubic subcells or not.
     */
    record Filter(Set<String> compositions, Set<Integer> sizes, boolean cubicOnly) {
        static final Filter NONE = new Filter(Set.of(), Set.of(), false);

        Filter {
            compositions = Set.copyOf(compositions);
            sizes = Set.copyOf(sizes);
        }
    }

    private Subcells() { }

    /** ⌊1/d_frac⌋, with a little slack so that 0.1 gives 10. */
    static int bins(double dFrac) { return (int) Math.floor(1 / dFrac + 1e-9); }

    /** The subcells of {@code amorphous} (a periodic cell) on a grid of spacing {@code dFrac}. */
    static List<Subcell> find(Atoms amorphous, double dFrac, int nMin, int nMax, Filter filter) {
        int bins = bins(dFrac);
        double[] s = wrappedFractional(amorphous);
        int n = amorphous.size();
        // bounds of slab k: [k·d, (k + 1)·d] as jax-md's linspace(0, 1 − d, bins) and linspace(d, 1, bins)
        double[] low = new double[bins];
        double[] high = new double[bins];
        for (int k = 0; k < bins; k++) {
            low[k] = low(k, bins, dFrac);
            high[k] = low[k] + dFrac;
        }
        // inside[axis][lo][hi]: the atoms with low[lo] <= s <= high[hi] on that axis, as bit sets
        long[][][][] inside = new long[3][bins][bins][];
        int words = (n + 63) / 64;
        for (int ax = 0; ax < 3; ax++) {
            for (int lo = 0; lo < bins; lo++) {
                for (int hi = lo; hi < bins; hi++) {
                    long[] b = new long[words];
                    for (int i = 0; i < n; i++) if (s[3 * i + ax] >= low[lo] && s[3 * i + ax] <= high[hi]) b[i >> 6] |= 1L << (i & 63);
                    inside[ax][lo][hi] = b;
                }
            }
        }
        List<Subcell> out = new ArrayList<>();
        long[] both = new long[words];
        long[] all = new long[words];
        for (int l0 = 0; l0 < bins; l0++) for (int h0 = l0; h0 < bins; h0++) {
            for (int l1 = 0; l1 < bins; l1++) for (int h1 = l1; h1 < bins; h1++) {
                int count01 = and(inside[0][l0][h0], inside[1][l1][h1], both);
                if (count01 < nMin) continue;
                for (int l2 = 0; l2 < bins; l2++) for (int h2 = l2; h2 < bins; h2++) {
                    int count = and(both, inside[2][l2][h2], all);
                    if (count < nMin || count > nMax) continue;
                    Subcell c = new Subcell(members(all, count), new int[] {l0, l1, l2}, new int[] {h0, h1, h2});
                    if (keep(c, amorphous, filter)) out.add(c);
                }
            }
        }
        return out;
    }

    private static boolean keep(Subcell c, Atoms amorphous, Filter f) {
        if (f.cubicOnly() && !c.cubic()) return false;
        if (!f.sizes().isEmpty() && !f.sizes().contains(c.size())) return false;
        if (f.compositions().isEmpty()) return true;
        int[] types = new int[c.size()];
        int[] ids = c.atoms();
        for (int k = 0; k < ids.length; k++) types[k] = amorphous.type(ids[k]);
        return f.compositions().contains(Composition.of(types, amorphous.typeNames()).key());
    }

    /** The subcell as a periodic structure of its own (jax-md's subcells_to_structures). */
    static Atoms structure(Atoms amorphous, Subcell c, double dFrac) {
        int bins = bins(dFrac);
        double[] s = wrappedFractional(amorphous);
        double[] h = amorphous.box().h();
        double[] lo = new double[3];
        double[] span = new double[3];
        for (int ax = 0; ax < 3; ax++) {
            lo[ax] = low(c.lo[ax], bins, dFrac);
            span[ax] = low(c.hi[ax], bins, dFrac) + dFrac - lo[ax];
        }
        double[] cell = new double[9];
        for (int row = 0; row < 3; row++) for (int j = 0; j < 3; j++) cell[3 * row + j] = h[3 * row + j] * span[row];
        int[] ids = c.atoms();
        double[] r = new double[3 * ids.length];
        int[] types = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            int i = ids[k];
            types[k] = amorphous.type(i);
            double[] f = new double[3];
            for (int ax = 0; ax < 3; ax++) f[ax] = (s[3 * i + ax] - lo[ax]) / span[ax];
            for (int j = 0; j < 3; j++) r[3 * k + j] = f[0] * cell[j] + f[1] * cell[3 + j] + f[2] * cell[6 + j];
        }
        return new Atoms(r, types, amorphous.typeNames(), amorphous.masses(), Box.periodic(cell));
    }

    /** The lower fractional bound of slab k of {@code bins} (numpy's linspace(0, 1 − d, bins)). */
    private static double low(int k, int bins, double d) { return bins == 1 ? 0 : k * (1 - d) / (bins - 1); }

    /** Fractional coordinates [3N] wrapped into [0, 1). */
    static double[] wrappedFractional(Atoms atoms) {
        double[] inv = atoms.box().inverse();
        double[] r = atoms.positions();
        double[] s = new double[r.length];
        for (int i = 0; i < r.length / 3; i++) {
            for (int ax = 0; ax < 3; ax++) {
                double f = r[3 * i] * inv[ax] + r[3 * i + 1] * inv[3 + ax] + r[3 * i + 2] * inv[6 + ax];
                f -= Math.floor(f);
                s[3 * i + ax] = f >= 1 ? 0 : f;
            }
        }
        return s;
    }

    private static int and(long[] a, long[] b, long[] out) {
        int c = 0;
        for (int w = 0; w < a.length; w++) {
            out[w] = a[w] & b[w];
            c += Long.bitCount(out[w]);
        }
        return c;
    }

    private static int[] members(long[] bits, int count) {
        int[] ids = new int[count];
        int k = 0;
        for (int w = 0; w < bits.length; w++) {
            long b = bits[w];
            while (b != 0) {
                ids[k++] = (w << 6) + Long.numberOfTrailingZeros(b);
                b &= b - 1;
            }
        }
        return ids;
    }
}
