package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * One cell-list build. Periodic: atoms are wrapped into [0, 1) in fractional coordinates (their
 * integer offsets are kept so shifts refer to the positions as given), binned by a counting sort
 * into nc_k = floor(2 w_k / rc) cells per axis (w_k the perpendicular width; the builder uses this
 * path only when w_k >= 3 rc, so nc_k >= 6 and no cell is visited twice), and each atom scans the
 * 5³ surrounding cells: about 0.4 of the volume of 27 cells of side rc. Free: Cartesian bins over
 * the bounding box, no wrapping.
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
        boolean half = isHalf();
        for (int i = 0; i < n; i++) {
            out.beginAtom(i);
            int ci = cell[i];
            int cz = ci % nc[2];
            int cy = (ci / nc[2]) % nc[1];
            int cx = ci / (nc[1] * nc[2]);
            double ux = u[3 * i], uy = u[3 * i + 1], uz = u[3 * i + 2];
            int oi0 = off[3 * i], oi1 = off[3 * i + 1], oi2 = off[3 * i + 2];
            for (int dx = -REACH; dx <= REACH; dx++) {
                int x = cx + dx;
                int wx = Math.floorDiv(x, nc[0]);
                x -= wx * nc[0];
                for (int dy = -REACH; dy <= REACH; dy++) {
                    int y = cy + dy;
                    int wy = Math.floorDiv(y, nc[1]);
                    y -= wy * nc[1];
                    for (int dz = -REACH; dz <= REACH; dz++) {
                        int z = cz + dz;
                        int wz = Math.floorDiv(z, nc[2]);
                        z -= wz * nc[2];
                        double sx = wx * h[0] + wy * h[3] + wz * h[6] - ux;    // image shift of this cell, minus r_i
                        double sy = wx * h[1] + wy * h[4] + wz * h[7] - uy;
                        double sz = wx * h[2] + wy * h[5] + wz * h[8] - uz;
                        int b = (x * nc[1] + y) * nc[2] + z;
                        // a cell's atoms are in increasing index order: for a half list, walk down and stop below i
                        for (int q = start[b + 1] - 1, lo = start[b]; q >= lo; q--) {
                            int j = atom[q];
                            if (half && j < i) break;          // keptOnce: for i != j only i < j is kept, whatever the shift
                            double ddx = p[3 * q] + sx;
                            double ddy = p[3 * q + 1] + sy;
                            double ddz = p[3 * q + 2] + sz;
                            if (ddx * ddx + ddy * ddy + ddz * ddz >= rc2) continue;
                            if (i == j && wx == 0 && wy == 0 && wz == 0) continue;
                            int sa = wx - off[3 * j] + oi0;
                            int sb = wy - off[3 * j + 1] + oi1;
                            int sc = wz - off[3 * j + 2] + oi2;
                            if (half && !NeighborList.keptOnce(i, j, sa, sb, sc)) continue;
                            out.add(j, sa, sb, sc);
                        }
                    }
                }
            }
        }
        return out.finish(half, owner.cutoffValue(), owner.skinValue(), r, box);
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
