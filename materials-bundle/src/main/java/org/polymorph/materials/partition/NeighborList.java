package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.space.PairList;

/**
 * Neighbours within {@code cutoff + skin} in compressed rows (as LAMMPS's firstneigh/numneigh):
 * the neighbours of atom i are entries {@code offsets[i] .. offsets[i+1]-1} of {@code neighbors},
 * each with an integer image shift S (3 per entry in {@code shifts}), so that the pair vector is
 * r_ij = r_j + S·h − r_i for the positions and cell the list was built from. Full lists hold each
 * pair twice (i→j and j→i), half lists once, in either direction ({@link #keptOnce}). Small periodic cells (cutoff larger than half the
 * cell) hold several images of one pair, which is what makes them correct. {@code ghosts} gives the
 * same entries as indices into the atoms and their periodic images (LAMMPS's ghost atoms), the form
 * the fastest pair loops read.
 */
public final class NeighborList implements PairList {
    private final int[] offsets;
    private final boolean half;
    private final double cutoff;
    private final double skin;
    private final double[] referencePositions;
    private final Box referenceBox;
    private final Ghosts ghosts;
    private volatile int[] neighbors;   // made from the ghosts when first asked for, for lists built with ghost indices only
    private volatile int[] shifts;

    /** A list with its entries both ways: (j, S) per entry and ghost indices. */
    public NeighborList(int[] offsets, int[] neighbors, int[] shifts, boolean half, double cutoff, double skin,
                        double[] referencePositions, Box referenceBox, Ghosts ghosts) {
        this(offsets, ghosts, half, cutoff, skin, referencePositions, referenceBox);
        if (neighbors.length < pairs() || shifts.length < 3 * pairs()) {
            throw new IllegalArgumentException("neighbour list: " + neighbors.length + " neighbours and " + shifts.length
                    + " shift components for " + pairs() + " entries");
        }
        this.neighbors = neighbors;
        this.shifts = shifts;
    }

    /** A list given by (j, S) per entry; its ghosts are derived ({@link Ghosts#derive}). */
    public NeighborList(int[] offsets, int[] neighbors, int[] shifts, boolean half, double cutoff, double skin,
                        double[] referencePositions, Box referenceBox) {
        this(offsets, neighbors, shifts, half, cutoff, skin, referencePositions, referenceBox,
                Ghosts.derive(offsets, neighbors, shifts, referencePositions, referenceBox));
    }

    /** A list given by ghost indices; {@link #neighbors()} and {@link #shifts()} are made from them when first asked for. */
    public NeighborList(int[] offsets, Ghosts ghosts, boolean half, double cutoff, double skin, double[] referencePositions, Box referenceBox) {
        if (ghosts == null) throw new IllegalArgumentException("neighbour list: ghosts is null; use the constructor without it to derive them");
        if (ghosts.local().length < offsets[offsets.length - 1] || ghosts.atoms() != offsets.length - 1) {
            throw new IllegalArgumentException("neighbour list: ghosts for " + ghosts.atoms() + " atoms and " + ghosts.local().length
                    + " entries; the list has " + (offsets.length - 1) + " atoms and " + offsets[offsets.length - 1] + " entries");
        }
        this.offsets = offsets;
        this.ghosts = ghosts;
        this.half = half;
        this.cutoff = cutoff;
        this.skin = skin;
        this.referencePositions = referencePositions;
        this.referenceBox = referenceBox;
    }

    /** Row starts [N + 1]: atom i's entries are offsets[i] .. offsets[i+1]−1. */
    public int[] offsets() { return offsets; }

    /** The atom j of every entry [≥ pairs]. */
    public int[] neighbors() {
        int[] nb = neighbors;
        if (nb == null) expand();
        return neighbors;
    }

    /** The image shift S of every entry, 3 per entry [≥ 3·pairs]. */
    public int[] shifts() {
        int[] s = shifts;
        if (s == null) expand();
        return shifts;
    }

    public boolean half() { return half; }

    /** The potential's cutoff the list serves (Å). */
    public double cutoff() { return cutoff; }

    /** The skin added to it (Å). */
    public double skin() { return skin; }

    /** Positions [3N] the list was built from. */
    public double[] referencePositions() { return referencePositions; }

    public Box referenceBox() { return referenceBox; }

    public Ghosts ghosts() { return ghosts; }

    /** (j, S) of every entry from its ghost index: j the ghost's owner, S = image − wrap_j + wrap_i. */
    private void expand() {
        int n = atoms();
        int[] local = ghosts.local();
        int[] owner = ghosts.owner();
        int[] image = ghosts.image();
        int[] wrap = ghosts.wrap();
        int[] nb = new int[pairs()];
        int[] s = new int[3 * pairs()];
        for (int i = 0; i < n; i++) {
            for (int e = offsets[i]; e < offsets[i + 1]; e++) {
                int l = local[e];
                int j = l < n ? l : owner[l - n];
                nb[e] = j;
                for (int k = 0; k < 3; k++) s[3 * e + k] = (l < n ? 0 : image[3 * (l - n) + k]) - wrap[3 * j + k] + wrap[3 * i + k];
            }
        }
        shifts = s;
        neighbors = nb;
    }

    public int atoms() { return offsets.length - 1; }

    /**
     * A rule that picks one entry per pair (Newton's third law over a full list; the dense and free
     * half lists): i &lt; j, and for an image of the atom itself (i == j) the lexicographically positive
     * shifts. Periodic cell-list half lists keep each pair once too, but from the atom earlier in the
     * cell order, so a half list may hold either of (i, j, S) and (j, i, −S).
     */
    public static boolean keptOnce(int i, int j, int a, int b, int c) {
        if (i != j) return i < j;
        return a > 0 || (a == 0 && (b > 0 || (b == 0 && c > 0)));
    }

    /** {@link #keptOnce} for entry {@code e} of atom i's row. */
    public boolean keptOnce(int i, int e) {
        int[] s = shifts();
        return keptOnce(i, neighbors()[e], s[3 * e], s[3 * e + 1], s[3 * e + 2]);
    }

    /** Number of entries (pairs, counted once per direction in a full list). */
    @Override
    public int pairs() { return offsets[offsets.length - 1]; }

    public int start(int i) { return offsets[i]; }

    public int end(int i) { return offsets[i + 1]; }

    /** The first atom of every entry, expanded [pairs]. */
    @Override
    public int[] pairI() {
        int[] out = new int[pairs()];
        for (int i = 0; i < atoms(); i++) for (int e = offsets[i]; e < offsets[i + 1]; e++) out[e] = i;
        return out;
    }

    /** The second atom of every entry [pairs] (a copy). */
    @Override
    public int[] pairJ() { return java.util.Arrays.copyOf(neighbors(), pairs()); }

    /** Image shifts as doubles [pairs, 3]. */
    @Override
    public double[] shiftMatrix() {
        int[] sh = shifts();
        double[] s = new double[3 * pairs()];
        for (int e = 0; e < s.length; e++) s[e] = sh[e];
        return s;
    }

    /**
     * |r_j + S·h − r_i|² [Å²] of entry e of atom i's row, for positions r [3N] and a cell h (row-major,
     * lattice vectors as rows) as given, e.g. those the list was built from.
     *
     * @since 2.2.0
     */
    public double squaredDistance(int i, int e, double[] r, double[] h) {
        int j = neighbors()[e];
        int[] s = shifts();
        double d2 = 0;
        for (int k = 0; k < 3; k++) {
            double d = r[3 * j + k] - r[3 * i + k] + s[3 * e] * h[k] + s[3 * e + 1] * h[3 + k] + s[3 * e + 2] * h[6 + k];
            d2 += d * d;
        }
        return d2;
    }

    /** Largest neighbour count of any atom. */
    public int maxNeighbors() {
        int m = 0;
        for (int i = 0; i < atoms(); i++) m = Math.max(m, offsets[i + 1] - offsets[i]);
        return m;
    }
}
