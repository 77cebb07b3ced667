package org.polymorph.materials.partition;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * One cell-list build. Periodic: atoms are wrapped into [0, 1) in fractional coordinates (their
 * integer offsets are kept so shifts refer to the positions as given), binned into nc_k =
 * floor(w_k / rc) cells per axis (w_k the perpendicular width, nc_k >= 3), and each atom scans the
 * 27 surrounding cells. Free: Cartesian bins over the bounding box, no wrapping.
 */
final class CellList {
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
        for (int k = 0; k < 3; k++) nc[k] = Math.max(3, (int) Math.floor(w[k] / rc));
        double[] s = new double[3 * n];
        int[] off = new int[3 * n];
        int[] cell = new int[n];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int k = 0; k < 3; k++) {
                double f = r[3 * i] * inv[k] + r[3 * i + 1] * inv[3 + k] + r[3 * i + 2] * inv[6 + k];
                double fl = Math.floor(f);
                off[3 * i + k] = (int) fl;
                s[3 * i + k] = f - fl;
                int ck = Math.min(nc[k] - 1, (int) (s[3 * i + k] * nc[k]));
                c = c * nc[k] + ck;
            }
            cell[i] = c;
        }
        int[][] bins = bin(cell, nc[0] * nc[1] * nc[2]);
        double[] u = new double[3 * n];             // wrapped Cartesian positions s·h
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) u[3 * i + c] = s[3 * i] * h[c] + s[3 * i + 1] * h[3 + c] + s[3 * i + 2] * h[6 + c];
        }
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
            for (int dx = -1; dx <= 1; dx++) {
                int x = cx + dx;
                int wx = Math.floorDiv(x, nc[0]);
                x -= wx * nc[0];
                for (int dy = -1; dy <= 1; dy++) {
                    int y = cy + dy;
                    int wy = Math.floorDiv(y, nc[1]);
                    y -= wy * nc[1];
                    for (int dz = -1; dz <= 1; dz++) {
                        int z = cz + dz;
                        int wz = Math.floorDiv(z, nc[2]);
                        z -= wz * nc[2];
                        double sx = wx * h[0] + wy * h[3] + wz * h[6] - ux;    // image shift of this cell, minus r_i
                        double sy = wx * h[1] + wy * h[4] + wz * h[7] - uy;
                        double sz = wx * h[2] + wy * h[5] + wz * h[8] - uz;
                        for (int j : bins[(x * nc[1] + y) * nc[2] + z]) {
                            if (half && j < i) continue;       // keptOnce: for i != j only i < j is kept, whatever the shift
                            double ddx = u[3 * j] + sx;
                            double ddy = u[3 * j + 1] + sy;
                            double ddz = u[3 * j + 2] + sz;
                            if (ddx * ddx + ddy * ddy + ddz * ddz >= rc2) continue;
                            int a = wx - off[3 * j] + off[3 * i];
                            int b = wy - off[3 * j + 1] + off[3 * i + 1];
                            int c = wz - off[3 * j + 2] + off[3 * i + 2];
                            if (i == j && wx == 0 && wy == 0 && wz == 0) continue;
                            if (half && !NeighborList.keptOnce(i, j, a, b, c)) continue;
                            out.add(j, a, b, c);
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
