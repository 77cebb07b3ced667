package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Builds {@link NeighborList}s with cell lists (O(N)) or, for small or partly periodic cells, by
 * looping over all pairs and all needed periodic images (O(N²), exact for any cell). Cells are
 * parallelepipeds in fractional coordinates at least (cutoff+skin)/2 thick, so the 5³ surrounding
 * cells hold every neighbour. A periodic cell list is made with its ghost atoms ({@link Ghosts}) and
 * keeps each pair of a half list from the atom earlier in the cell order; dense and free lists keep
 * i &lt; j and derive their ghosts. The entry buffer, kept from build to build (builds of one builder
 * are serialised), grows when it overflows ({@link #reallocations()} counts it): a list is never
 * truncated. {@link #needsRebuild} applies the usual skin criterion.
 */
public final class NeighborListBuilder {
    private final double cutoff;
    private final double skin;
    private final boolean half;
    private int capacity = 64;
    private int reallocations;
    private final Entries entries = new Entries(this);   // guarded by this

    /** cutoff and skin in Å; half keeps each pair once (pair potentials), full twice (many-body). */
    public NeighborListBuilder(double cutoff, double skin, boolean half) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) throw new IllegalArgumentException("neighbour list: cutoff = " + cutoff + "; give cutoff > 0");
        if (!(skin >= 0) || !Double.isFinite(skin)) throw new IllegalArgumentException("neighbour list: skin = " + skin + "; give skin >= 0");
        this.cutoff = cutoff;
        this.skin = skin;
        this.half = half;
    }

    public synchronized int reallocations() { return reallocations; }

    /** The entry buffer for one build (called under the builder's lock). */
    Entries entries(int atoms, boolean ghostIndexed) { return entries.reset(atoms, ghostIndexed); }

    public double cutoffValue() { return cutoff; }

    public double skinValue() { return skin; }

    public boolean isHalf() { return half; }

    public synchronized int capacity() { return capacity; }

    /** Cell list when every axis is periodic and at least three cells thick, or all axes free; otherwise dense. */
    public synchronized NeighborList build(Atoms atoms) {
        Box box = atoms.box();
        double rc = cutoff + skin;
        if (box.allPeriodic()) {
            double[] w = box.perpendicularWidths();
            if (w[0] >= 3 * rc && w[1] >= 3 * rc && w[2] >= 3 * rc) return new CellList(this, atoms, rc).periodic();
            return dense(atoms);
        }
        if (!box.anyPeriodic() && atoms.size() > 200) return new CellList(this, atoms, rc).free();
        return dense(atoms);
    }

    /**
     * All pairs and images: the reference the cell lists are tested against. Atoms are first
     * wrapped into the cell along periodic axes (their integer offsets kept), so positions far
     * outside it are handled; shifts refer to the positions as given.
     */
    public synchronized NeighborList dense(Atoms atoms) {
        Box box = atoms.box();
        double rc = cutoff + skin;
        double rc2 = rc * rc;
        double[] r = atoms.positions();
        double[] h = box.h();
        double[] w = box.perpendicularWidths();
        int n = atoms.size();
        int[] off = Ghosts.wrapOffsets(r, box);
        double[] u = wrapped(box, r, off);
        int[] m = images(box, w, rc);
        Entries out = entries.reset(n, false);
        for (int i = 0; i < n; i++) {
            out.beginAtom(i);
            for (int j = 0; j < n; j++) {
                for (int a = -m[0]; a <= m[0]; a++) {
                    for (int b = -m[1]; b <= m[1]; b++) {
                        for (int c = -m[2]; c <= m[2]; c++) {
                            if (i == j && a == 0 && b == 0 && c == 0) continue;
                            int sa = a - off[3 * j] + off[3 * i];
                            int sb = b - off[3 * j + 1] + off[3 * i + 1];
                            int sc = c - off[3 * j + 2] + off[3 * i + 2];
                            if (half && !NeighborList.keptOnce(i, j, sa, sb, sc)) continue;
                            double dx = u[3 * j] - u[3 * i] + a * h[0] + b * h[3] + c * h[6];
                            double dy = u[3 * j + 1] - u[3 * i + 1] + a * h[1] + b * h[4] + c * h[7];
                            double dz = u[3 * j + 2] - u[3 * i + 2] + a * h[2] + b * h[5] + c * h[8];
                            if (dx * dx + dy * dy + dz * dz < rc2) out.add(j, sa, sb, sc);
                        }
                    }
                }
            }
        }
        return out.finish(half, cutoff, skin, r, box);
    }

    /** Most periodic images a dense build visits per pair of atoms, (2m₀+1)(2m₁+1)(2m₂+1). */
    static final long MAX_IMAGES = 1_000_000;

    /**
     * The images m_k = ⌈rc / w_k⌉ along each periodic axis (w_k the perpendicular width) that hold every
     * neighbour; a cell so thin against the cutoff that more than MAX_IMAGES would be needed (a 0.001 Å
     * cell, a tilt of 1e12 Å) is refused rather than looped over for ever.
     */
    private static int[] images(Box box, double[] w, double rc) {
        int[] m = new int[3];
        double count = 1;
        for (int k = 0; k < 3; k++) {
            double mk = box.periodic(k) ? Math.ceil(rc / w[k]) : 0;
            count *= 2 * mk + 1;
            if (!(count <= MAX_IMAGES)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "neighbour list: the cell is %.3g Å thin along lattice vector %d"
                        + " (perpendicular widths %.3g, %.3g, %.3g Å), so a cutoff of %.3g Å would need more than %d periodic images;"
                        + " give a cell thicker than the cutoff (repeat it, or reduce its tilts)", w[k], k + 1, w[0], w[1], w[2], rc, MAX_IMAGES));
            }
            m[k] = (int) mk;
        }
        return m;
    }

    /** Positions r − off·h: wrapped into [0, 1) along periodic axes by the integer offsets off ({@link Ghosts#wrapOffsets}). */
    private static double[] wrapped(Box box, double[] r, int[] off) {
        double[] u = r.clone();
        double[] h = box.h();
        for (int i = 0; i < r.length / 3; i++) {
            for (int k = 0; k < 3; k++) for (int c = 0; c < 3; c++) u[3 * i + c] -= off[3 * i + k] * h[3 * k + c];
        }
        return u;
    }

    /** True when an atom moved more than skin/2 since the build, or the cell changed. */
    public boolean needsRebuild(NeighborList nl, double[] positions, Box box) {
        if (!box.equals(nl.referenceBox()) || positions.length != nl.referencePositions().length) return true;
        double limit = 0.25 * skin * skin;
        double[] ref = nl.referencePositions();
        for (int i = 0; i < positions.length; i += 3) {
            double dx = positions[i] - ref[i];
            double dy = positions[i + 1] - ref[i + 1];
            double dz = positions[i + 2] - ref[i + 2];
            if (dx * dx + dy * dy + dz * dz > limit) return true;
        }
        return false;
    }

    /**
     * The builder's entry buffer, reused from build to build (the builds of one builder are
     * serialised). Dense and free builds add (j, S) per entry, rows in atom order; periodic cell
     * lists write ghost indices only, rows in any order. It grows by half when full
     * ({@link #reallocations()}); {@code capacity} entries per atom is the first guess, raised to
     * what the last list needed.
     */
    static final class Entries {
        private final NeighborListBuilder owner;
        private int[] offsets;
        private int[] nbr = new int[0];     // (j, S) entries
        private int[] sh = new int[0];
        private int[] loc = new int[0];     // ghost-index entries
        private int count;

        Entries(NeighborListBuilder owner) { this.owner = owner; }

        /** Empties the buffer for a list of {@code atoms} rows, of ghost indices or of (j, S) entries. */
        Entries reset(int atoms, boolean ghostIndexed) {
            offsets = new int[atoms + 1];
            count = 0;
            int cap = Math.max(16, owner.capacity * Math.max(1, atoms));
            if (ghostIndexed && loc.length < cap) loc = new int[cap];
            if (!ghostIndexed && nbr.length < cap) {
                nbr = new int[cap];
                sh = new int[3 * cap];
            }
            return this;
        }

        void beginAtom(int i) { offsets[i] = count; }

        void add(int j, int a, int b, int c) {
            if (count == nbr.length) {
                int grown = nbr.length + (nbr.length >> 1) + 16;
                nbr = java.util.Arrays.copyOf(nbr, grown);
                sh = java.util.Arrays.copyOf(sh, 3 * grown);
                owner.reallocations++;
            }
            nbr[count] = j;
            sh[3 * count] = a;
            sh[3 * count + 1] = b;
            sh[3 * count + 2] = c;
            count++;
        }

        /** Room for {@code more} ghost-index entries past the current count. */
        void reserve(int more) {
            if (count + more > loc.length) {
                loc = java.util.Arrays.copyOf(loc, Math.max(count + more, loc.length + (loc.length >> 1) + 16));
                owner.reallocations++;
            }
        }

        /** Writes ghost-index entry e (below count + the room reserved); {@link #advance} then takes the entries written. */
        void putAt(int e, int local) { loc[e] = local; }

        void advance(int entries) { count += entries; }

        int size() { return count; }

        private void learnCapacity(int atoms) {
            int perAtom = atoms == 0 ? 0 : (count + atoms - 1) / atoms;
            owner.capacity = Math.max(owner.capacity, perAtom + perAtom / 4 + 1);
        }

        /**
         * The list from ghost-index rows written in any order (atom i's row is entries rowStart[i] ..
         * rowStart[i] + rowLength[i] − 1) and the ghosts they refer to.
         */
        NeighborList finishRows(int[] rowStart, int[] rowLength, int[] ghostOwner, int[] ghostImage, int[] wrap,
                                boolean half, double cutoff, double skin, double[] r, Box box) {
            int atoms = rowStart.length;
            int[] local = new int[count];
            int e = 0;
            for (int i = 0; i < atoms; i++) {
                offsets[i] = e;
                System.arraycopy(loc, rowStart[i], local, e, rowLength[i]);
                e += rowLength[i];
            }
            offsets[atoms] = e;
            learnCapacity(atoms);
            return new NeighborList(offsets, new Ghosts(local, ghostOwner, ghostImage, wrap), half, cutoff, skin, r, box);
        }

        /** The list from (j, S) rows written in atom order; its ghosts are derived. */
        NeighborList finish(boolean half, double cutoff, double skin, double[] r, Box box) {
            offsets[offsets.length - 1] = count;
            learnCapacity(offsets.length - 1);
            return new NeighborList(offsets, java.util.Arrays.copyOf(nbr, count), java.util.Arrays.copyOf(sh, 3 * count),
                    half, cutoff, skin, r, box);
        }
    }
}
