package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * One cell-list build. Periodic: atoms are wrapped into [0, 1) in fractional coordinates (their
 * integer offsets are kept so shifts refer to the positions as given), binned by a counting sort
 * into nc_k = floor(2 w_k / rc) cells per axis (w_k the perpendicular width; the builder uses this
 * path only when w_k >= 3 rc, so nc_k >= 6 and no cell is visited twice), and each atom scans the
 * 5³ surrounding cells: about 0.4 of the volume of 27 cells of side rc. Each row lists first the
 * neighbours within the potential's cutoff at the build, then those in the skin shell: the kernels'
 * r &lt; rc test then mostly takes the same branch for a run of entries instead of at random. Free:
 * Cartesian bins over the bounding box, no wrapping.
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
        for (int k = 0; k < 3; k++) nc[k] = Math.max(2 * REACH + 1, (int) Math.floor(w[k] * REACH / rc));
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
        NeighborListBuilder.Entries out = new NeighborListBuilder.Entries(owner, n);
        double rc2 = rc * rc;
        double inner2 = owner.cutoffValue() * owner.cutoffValue();
        Row skinShell = new Row();
        boolean half = isHalf();
        int span = 2 * REACH + 1;
        int maxRanges = 2 * span * span;
        // the stencil of the current cell as ranges of the cell-sorted atoms: for each (dx, dy) the cells
        // cz − REACH .. cz + REACH are contiguous in the sorted order, in one piece or, across the z
        // boundary, two (with different images); each range has its image img and Cartesian shift img·h
        int[] lo = new int[maxRanges];
        int[] hi = new int[maxRanges];
        int[] highest = new int[maxRanges];
        int[] img = new int[3 * maxRanges];
        double[] shift = new double[3 * maxRanges];
        int[] rowStart = new int[n];
        int[] rowLength = new int[n];
        // cell by cell, so that the stencil is set up once per cell and a cell's atoms share the cache;
        // the rows are put back in atom order at the end
        for (int c = 0, cells = nc[0] * nc[1] * nc[2]; c < cells; c++) {
            if (start[c] == start[c + 1]) continue;
            int cz = c % nc[2];
            int cy = (c / nc[2]) % nc[1];
            int cx = c / (nc[1] * nc[2]);
            int ranges = 0;
            for (int dx = -REACH; dx <= REACH; dx++) {
                int x = cx + dx;
                int wx = Math.floorDiv(x, nc[0]);
                x -= wx * nc[0];
                for (int dy = -REACH; dy <= REACH; dy++) {
                    int y = cy + dy;
                    int wy = Math.floorDiv(y, nc[1]);
                    y -= wy * nc[1];
                    int column = (x * nc[1] + y) * nc[2];
                    int z0 = cz - REACH;
                    int z1 = cz + REACH;
                    for (int wz = -1; wz <= 1; wz++) {      // the piece of z0..z1 in image wz of the column
                        int a0 = Math.max(z0 - wz * nc[2], 0);
                        int a1 = Math.min(z1 - wz * nc[2], nc[2] - 1);
                        if (a0 > a1 || start[column + a0] == start[column + a1 + 1]) continue;
                        lo[ranges] = start[column + a0];
                        hi[ranges] = start[column + a1 + 1];
                        int top = -1;                       // the range's largest atom index: each cell's last
                        for (int z = a0; z <= a1; z++) if (start[column + z + 1] > start[column + z]) top = Math.max(top, atom[start[column + z + 1] - 1]);
                        highest[ranges] = top;
                        img[3 * ranges] = wx;
                        img[3 * ranges + 1] = wy;
                        img[3 * ranges + 2] = wz;
                        for (int k = 0; k < 3; k++) shift[3 * ranges + k] = wx * h[k] + wy * h[3 + k] + wz * h[6 + k];
                        ranges++;
                    }
                }
            }
            for (int qi = start[c]; qi < start[c + 1]; qi++) {
                int i = atom[qi];
                rowStart[i] = out.size();
                skinShell.clear();
                double ux = p[3 * qi], uy = p[3 * qi + 1], uz = p[3 * qi + 2];
                int oi0 = off[3 * i], oi1 = off[3 * i + 1], oi2 = off[3 * i + 2];
                for (int t = 0; t < ranges; t++) {
                    if (half && highest[t] < i) continue;  // every atom of the range has j < i
                    double sx = shift[3 * t] - ux;         // image shift of this range, minus r_i
                    double sy = shift[3 * t + 1] - uy;
                    double sz = shift[3 * t + 2] - uz;
                    int ia = img[3 * t], ib = img[3 * t + 1], ic = img[3 * t + 2];
                    boolean home = ia == 0 && ib == 0 && ic == 0;
                    for (int q = lo[t], end = hi[t]; q < end; q++) {
                        int j = atom[q];
                        if (half && j < i) continue;       // keptOnce: for i != j only i < j is kept, whatever the shift
                        double ddx = p[3 * q] + sx;
                        double ddy = p[3 * q + 1] + sy;
                        double ddz = p[3 * q + 2] + sz;
                        double d2 = ddx * ddx + ddy * ddy + ddz * ddz;
                        if (d2 >= rc2) continue;
                        if (i == j && home) continue;
                        int sa = ia - off[3 * j] + oi0;
                        int sb = ib - off[3 * j + 1] + oi1;
                        int sc = ic - off[3 * j + 2] + oi2;
                        if (half && !NeighborList.keptOnce(i, j, sa, sb, sc)) continue;
                        if (d2 < inner2) out.add(j, sa, sb, sc);
                        else skinShell.add(j, sa, sb, sc);
                    }
                }
                for (int e = 0; e < skinShell.size; e++) out.add(skinShell.e[4 * e], skinShell.e[4 * e + 1], skinShell.e[4 * e + 2], skinShell.e[4 * e + 3]);
                rowLength[i] = out.size() - rowStart[i];
            }
        }
        return out.finishRows(rowStart, rowLength, half, owner.cutoffValue(), owner.skinValue(), r, box);
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
        for (int k = 0; k < 3; k++) nc[k] = Math.max(1, Math.min(1024, (int) Math.floor((hi[k] - lo[k]) / rc) + 1));
        int[] cell = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = 0; k < 3; k++) c = c * nc[k] + Math.min(nc[k] - 1, (int) ((r[3 * i + k] - lo[k]) / rc));
            cell[i] = c;
        }
        int[][] bins = bin(cell, nc[0] * nc[1] * nc[2]);
        NeighborListBuilder.Entries out = new NeighborListBuilder.Entries(owner, n);
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

    /** A row's entries in the skin shell (cutoff ≤ r < cutoff + skin at the build), appended after the rest: j, a, b, c per entry. */
    private static final class Row {
        int[] e = new int[4 * 64];
        int size;

        void clear() { size = 0; }

        void add(int j, int a, int b, int c) {
            if (4 * size == e.length) e = java.util.Arrays.copyOf(e, 2 * e.length);
            e[4 * size] = j;
            e[4 * size + 1] = a;
            e[4 * size + 2] = b;
            e[4 * size + 3] = c;
            size++;
        }
    }

    /**
     * Atoms sorted by cell (counting sort, stable: each cell's atoms in increasing index order):
     * cell b holds entries start[b] .. start[b+1]-1 of {@code atom}, whose positions [3 per entry]
     * are copied to {@code xyz} in the same order so that a cell's atoms are contiguous in memory.
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
                xyz[3 * q] = u[3 * i];
                xyz[3 * q + 1] = u[3 * i + 1];
                xyz[3 * q + 2] = u[3 * i + 2];
            }
        }
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
