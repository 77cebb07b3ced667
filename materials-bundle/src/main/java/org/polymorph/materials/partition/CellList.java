package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * One cell-list build. Periodic: atoms are wrapped into [0, 1) in fractional coordinates (their
 * integer offsets are kept so shifts refer to the positions as given), binned by a counting sort
 * into nc_k = floor(2 w_k / rc) cells per axis (w_k the perpendicular width; the builder uses this
 * path only when w_k >= 3 rc, so nc_k >= 6 and no cell is visited twice), and each atom scans the
 * 5³ surrounding cells: about 0.4 of the volume of 27 cells of side rc (a half list keeps a pair from
 * the atom earlier in the cell order, so it scans half of that). The cells outside the grid within
 * the stencil's reach are the ghost atoms ({@link Ghosts}): each entry also gets its ghost index. Each
 * row lists first the neighbours within the potential's cutoff at the build, then those in the skin
 * shell: the kernels' r &lt; rc test then mostly takes the same branch for a run of entries instead
 * of at random. Free: Cartesian bins over the bounding box, no wrapping, i &lt; j in a half list.
 */
final class CellList {
    /** Periodic cells are at least rc/REACH thick, and each atom scans the (2·REACH + 1)³ cells around its own (LAMMPS: bins of half the cutoff). */
    static final int REACH = 2;

    private final NeighborListBuilder owner;
    private final Atoms atoms;
    private final double rc;
    private final double[] r;
    private final int n;

    CellList(NeighborListBuilder owner, Atoms atoms, double rc) {
        this.owner = owner;
        this.atoms = atoms;
        this.rc = rc;
        this.r = atoms.positions();
        this.n = atoms.size();
    }

    NeighborList periodic() {
        Box box = atoms.box();
        double[] h = box.h();
        double[] inv = box.inverse();
        double[] w = box.perpendicularWidths();
        int[] nc = new int[3];
        for (int k = 0; k < 3; k++) nc[k] = (int) Math.max(2 * REACH + 1, Math.min(Integer.MAX_VALUE, Math.floor(w[k] * REACH / rc)));
        fewerCells(nc, 2 * REACH + 1);
        int[] off = new int[3 * n];
        int[] cell = new int[n];
        double[] u = new double[3 * n];             // wrapped Cartesian positions s·h
        for (int i = 0; i < n; i++) {
            int c = 0;
            double s0 = 0, s1 = 0, s2 = 0;
            for (int k = 0; k < 3; k++) {
                double f = r[3 * i] * inv[k] + r[3 * i + 1] * inv[3 + k] + r[3 * i + 2] * inv[6 + k];
                double fl = Math.floor(f);
                off[3 * i + k] = (int) fl;
                double sk = f - fl;
                if (k == 0) s0 = sk; else if (k == 1) s1 = sk; else s2 = sk;
                int ck = Math.min(nc[k] - 1, (int) (sk * nc[k]));
                c = c * nc[k] + ck;
            }
            cell[i] = c;
            for (int q = 0; q < 3; q++) u[3 * i + q] = s0 * h[q] + s1 * h[3 + q] + s2 * h[6 + q];
        }
        Bins bins = new Bins(cell, nc[0] * nc[1] * nc[2], u);
        int[] start = bins.start;
        int[] atom = bins.atom;
        double[] p = bins.xyz;
        Shell shell = new Shell(nc, start, atom);
        NeighborListBuilder.Entries out = owner.entries(n, true);
        double rc2 = rc * rc;
        double inner2 = owner.cutoffValue() * owner.cutoffValue();
        int[] candL = new int[0];       // an atom's candidates: ghost-atom index, squared distance
        double[] candD = new double[0];
        boolean half = isHalf();
        Stencil st = new Stencil(nc, start, h, shell, half);
        int[] rowStart = new int[n];
        int[] rowLength = new int[n];
        // cell by cell, so that the stencil is set up once per cell and a cell's atoms share the cache;
        // the rows are put back in atom order at the end
        for (int c = 0, cells = nc[0] * nc[1] * nc[2]; c < cells; c++) {
            if (start[c] == start[c + 1]) continue;
            st.around(c);
            out.reserve((start[c + 1] - start[c]) * st.candidates);
            if (candL.length < st.candidates) {
                candL = new int[st.candidates];
                candD = new double[st.candidates];
            }
            for (int qi = start[c]; qi < start[c + 1]; qi++) {
                int i = atom[qi];
                double ux = p[3 * qi], uy = p[3 * qi + 1], uz = p[3 * qi + 2];
                int kept = gather(qi, ux, uy, uz, st.ranges, st.lo, st.hi, st.ghost, st.shift, atom, p, half, rc2, candL, candD);
                // the row: entries within the potential's cutoff from the front, the skin shell from the back
                int front = out.size();
                int back = front + kept - 1;
                rowStart[i] = front;
                rowLength[i] = kept;
                for (int k = 0; k < kept; k++) {
                    boolean inner = candD[k] < inner2;
                    out.putAt(inner ? front : back, candL[k]);
                    front += inner ? 1 : 0;
                    back -= inner ? 0 : 1;
                }
                out.advance(kept);
            }
        }
        return out.finishRows(rowStart, rowLength, shell.owner, shell.image, off, half, owner.cutoffValue(), owner.skinValue(), r, box);
    }

    /**
     * The candidates within rc of the atom at sorted position qi among the stencil's ranges: their
     * ghost-atom indices to candL and squared distances to candD; returns how many. A half list keeps
     * a pair from the atom earlier in the cell order (q < q'), so it scans only the part of each range
     * after qi, about half the stencil, as LAMMPS's half/bin/newton. No atom meets an image of itself
     * (the cells are at least 3 rc wide). Every candidate is written and the count advances only for a
     * kept one: no branch on the outcome, which is unpredictable.
     */
    private static int gather(int qi, double ux, double uy, double uz, int ranges, int[] lo, int[] hi, int[] ghost, double[] shift,
                              int[] atom, double[] p, boolean half, double rc2, int[] candL, double[] candD) {
        int kept = 0;
        for (int t = 0; t < ranges; t++) {
            double sx = shift[3 * t] - ux;          // image shift of this range, minus r_i
            double sy = shift[3 * t + 1] - uy;
            double sz = shift[3 * t + 2] - uz;
            int g = ghost[t];
            for (int q = half ? Math.max(lo[t], qi + 1) : lo[t], end = hi[t]; q < end; q++) {
                double ddx = p[3 * q] + sx;
                double ddy = p[3 * q + 1] + sy;
                double ddz = p[3 * q + 2] + sz;
                double d2 = ddx * ddx + ddy * ddy + ddz * ddz;
                candL[kept] = g < 0 ? atom[q] : g + q;
                candD[kept] = d2;
                kept += (d2 < rc2) & q != qi ? 1 : 0;
            }
        }
        return kept;
    }

    NeighborList free() {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], r[3 * i + k]);
                hi[k] = Math.max(hi[k], r[3 * i + k]);
            }
        }
        int[] nc = new int[3];
        for (int k = 0; k < 3; k++) nc[k] = (int) Math.max(1, Math.min(1024, Math.floor((hi[k] - lo[k]) / rc) + 1));
        fewerCells(nc, 1);
        double[] size = new double[3];      // at least rc, more where fewerCells merged cells
        for (int k = 0; k < 3; k++) size[k] = Math.max(rc, (hi[k] - lo[k]) / nc[k]);
        int[] cell = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = 0; k < 3; k++) c = c * nc[k] + Math.min(nc[k] - 1, (int) ((r[3 * i + k] - lo[k]) / size[k]));
            cell[i] = c;
        }
        int[][] bins = bin(cell, nc[0] * nc[1] * nc[2]);
        NeighborListBuilder.Entries out = owner.entries(n, false);
        double rc2 = rc * rc;
        boolean half = isHalf();
        for (int i = 0; i < n; i++) {
            out.beginAtom(i);
            int ci = cell[i];
            int cz = ci % nc[2];
            int cy = (ci / nc[2]) % nc[1];
            int cx = ci / (nc[1] * nc[2]);
            for (int x = Math.max(0, cx - 1); x <= Math.min(nc[0] - 1, cx + 1); x++) {
                for (int y = Math.max(0, cy - 1); y <= Math.min(nc[1] - 1, cy + 1); y++) {
                    for (int z = Math.max(0, cz - 1); z <= Math.min(nc[2] - 1, cz + 1); z++) {
                        for (int j : bins[(x * nc[1] + y) * nc[2] + z]) {
                            if (j == i || (half && j < i)) continue;
                            double dx = r[3 * j] - r[3 * i];
                            double dy = r[3 * j + 1] - r[3 * i + 1];
                            double dz = r[3 * j + 2] - r[3 * i + 2];
                            if (dx * dx + dy * dy + dz * dz < rc2) out.add(j, 0, 0, 0);
                        }
                    }
                }
            }
        }
        return out.finish(half, owner.cutoffValue(), owner.skinValue(), r, atoms.box());
    }

    private boolean isHalf() { return owner.isHalf(); }

    /**
     * Halves the largest cell counts (cells grow thicker, which keeps every neighbour in the stencil)
     * until there are at most 8 cells per atom plus a stencil's worth, each count staying at least
     * {@code min}: a few atoms in a vast box (1e5 Å of vacuum) get a few cells, not 10¹³.
     */
    private void fewerCells(int[] nc, int min) {
        long cap = 8L * n + 125;
        while ((long) nc[0] * nc[1] * nc[2] > cap) {
            int k = nc[0] >= nc[1] && nc[0] >= nc[2] ? 0 : nc[1] >= nc[2] ? 1 : 2;
            if (nc[k] / 2 < min) break;
            nc[k] /= 2;
        }
    }

    /**
     * The stencil of one cell as ranges of the cell-sorted atoms: for each (dx, dy) the cells cz − REACH ..
     * cz + REACH are contiguous in the sorted order, in one piece or, across the z boundary, two (with
     * different images). Each range has its image's Cartesian shift img·h and, for img ≠ 0, the ghost
     * index of its first atom less lo (its ghosts are consecutive), else −1. A half list drops the ranges
     * that lie before every atom of the cell.
     */
    private final class Stencil {
        final int[] lo;
        final int[] hi;
        final int[] ghost;
        final double[] shift;
        int ranges;
        int candidates;
        private final int[] nc;
        private final int[] start;
        private final double[] h;
        private final Shell shell;
        private final boolean half;

        Stencil(int[] nc, int[] start, double[] h, Shell shell, boolean half) {
            int span = 2 * REACH + 1;
            int max = 2 * span * span;
            lo = new int[max];
            hi = new int[max];
            ghost = new int[max];
            shift = new double[3 * max];
            this.nc = nc;
            this.start = start;
            this.h = h;
            this.shell = shell;
            this.half = half;
        }

        /** Sets the ranges around cell c. */
        void around(int c) {
            int cz = c % nc[2];
            int cy = (c / nc[2]) % nc[1];
            int cx = c / (nc[1] * nc[2]);
            ranges = 0;
            candidates = 0;
            for (int dx = -REACH; dx <= REACH; dx++) {
                int x = cx + dx;
                int wx = Math.floorDiv(x, nc[0]);
                x -= wx * nc[0];
                for (int dy = -REACH; dy <= REACH; dy++) {
                    int y = cy + dy;
                    int wy = Math.floorDiv(y, nc[1]);
                    y -= wy * nc[1];
                    int column = (x * nc[1] + y) * nc[2];
                    for (int wz = -1; wz <= 1; wz++) {      // the piece of cz − REACH .. cz + REACH in image wz of the column
                        int a0 = Math.max(cz - REACH - wz * nc[2], 0);
                        int a1 = Math.min(cz + REACH - wz * nc[2], nc[2] - 1);
                        if (a0 > a1 || start[column + a0] == start[column + a1 + 1]) continue;
                        if (half && start[column + a1 + 1] <= start[c] + 1) continue;
                        lo[ranges] = start[column + a0];
                        hi[ranges] = start[column + a1 + 1];
                        ghost[ranges] = (wx | wy | wz) == 0 ? -1 : n + shell.first(x + wx * nc[0], y + wy * nc[1], a0 + wz * nc[2]) - lo[ranges];
                        for (int k = 0; k < 3; k++) shift[3 * ranges + k] = wx * h[k] + wy * h[3 + k] + wz * h[6 + k];
                        candidates += hi[ranges] - lo[ranges];
                        ranges++;
                    }
                }
            }
        }
    }

    /**
     * Atoms sorted by cell (counting sort, stable: each cell's atoms in increasing index order):
     * cell b holds entries start[b] .. start[b+1]-1 of {@code atom}, whose positions [3 per entry]
     * are copied to {@code xyz} in the same order, so that a cell's atoms are contiguous in memory.
     */
    private static final class Bins {
        final int[] start;
        final int[] atom;
        final double[] xyz;

        Bins(int[] cell, int cells, double[] u) {
            start = new int[cells + 1];
            for (int c : cell) start[c + 1]++;
            for (int c = 0; c < cells; c++) start[c + 1] += start[c];
            int[] fill = java.util.Arrays.copyOf(start, cells);
            atom = new int[cell.length];
            xyz = new double[3 * cell.length];
            for (int i = 0; i < cell.length; i++) {
                int q = fill[cell[i]]++;
                atom[q] = i;
                for (int k = 0; k < 3; k++) xyz[3 * q + k] = u[3 * i + k];
            }
        }
    }

    /**
     * The ghost atoms of a periodic cell list: the cells within REACH of the grid, outside it, as
     * images of the grid's cells ((nc + 2·REACH)³ − nc³ cells), each holding a copy of every atom of
     * its image cell, numbered cell by cell with z fastest and, within a cell, in the cell-sorted
     * order, so that the ghosts of cells z0..z1 of one column and one image are consecutive.
     */
    private static final class Shell {
        final int[] owner;
        final int[] image;
        private final int[] first;     // [extended cell] index of its first ghost, −1 inside the grid
        private final int[] ext;

        Shell(int[] nc, int[] start, int[] atom) {
            ext = new int[3];
            for (int k = 0; k < 3; k++) ext[k] = nc[k] + 2 * REACH;
            first = new int[ext[0] * ext[1] * ext[2]];
            int[] source = new int[first.length];       // the grid cell each extended cell images
            int[] wrap = new int[3 * first.length];     // and its image
            int g = 0;
            for (int x = -REACH, e = 0; x < nc[0] + REACH; x++) {
                for (int y = -REACH; y < nc[1] + REACH; y++) {
                    for (int z = -REACH; z < nc[2] + REACH; z++, e++) {
                        int wx = Math.floorDiv(x, nc[0]), wy = Math.floorDiv(y, nc[1]), wz = Math.floorDiv(z, nc[2]);
                        if ((wx | wy | wz) == 0) {
                            first[e] = -1;
                            continue;
                        }
                        int c = ((x - wx * nc[0]) * nc[1] + (y - wy * nc[1])) * nc[2] + (z - wz * nc[2]);
                        first[e] = g;
                        source[e] = c;
                        wrap[3 * e] = wx;
                        wrap[3 * e + 1] = wy;
                        wrap[3 * e + 2] = wz;
                        g += start[c + 1] - start[c];
                    }
                }
            }
            owner = new int[g];
            image = new int[3 * g];
            for (int e = 0; e < first.length; e++) {
                if (first[e] < 0) continue;
                int c = source[e];
                for (int q = start[c], k = first[e]; q < start[c + 1]; q++, k++) {
                    owner[k] = atom[q];
                    System.arraycopy(wrap, 3 * e, image, 3 * k, 3);
                }
            }
        }

        /** The first ghost of extended cell (x, y, z), each in [−REACH, nc + REACH). */
        int first(int x, int y, int z) { return first[((x + REACH) * ext[1] + (y + REACH)) * ext[2] + (z + REACH)]; }
    }

    /** Atoms per cell, each cell's atoms in increasing index order. */
    private static int[][] bin(int[] cell, int cells) {
        int[] count = new int[cells];
        for (int c : cell) count[c]++;
        int[][] bins = new int[cells][];
        for (int c = 0; c < cells; c++) bins[c] = new int[count[c]];
        int[] fill = new int[cells];
        for (int i = 0; i < cell.length; i++) bins[cell[i]][fill[cell[i]]++] = i;
        return bins;
    }
}
