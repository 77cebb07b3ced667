package org.polymorph.materials.internal.properties;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.space.Box;

/**
 * Finds the atom of a periodic crystal at a point, within a tolerance, in O(1): atoms are binned by
 * fractional coordinates of the cell, with bins at least {@code tol} wide, and a query looks in the 27
 * bins around the point (periodic). Used by the symmetry search, which asks for N² points at most.
 */
final class PositionIndex {
    private final double[] r;
    private final int[] type;
    private final double[] h;
    private final double[] hInv;
    private final int[] bins = new int[3];
    private final Map<Long, List<Integer>> cells = new HashMap<>();
    private final double tol;

    /** {@code r} [3N] Cartesian (Å), {@code type} [N], {@code h} the cell (rows = lattice vectors, Å), {@code tol} (Å). */
    PositionIndex(double[] r, int[] type, double[] h, double tol) {
        this.r = r;
        this.type = type;
        this.h = h;
        this.hInv = Box.inverse(h);
        this.tol = tol;
        double[] widths = Box.periodic(h).perpendicularWidths();
        int cap = Math.max(1, (int) Math.ceil(Math.cbrt(type.length)) * 2);
        for (int c = 0; c < 3; c++) bins[c] = (int) Math.max(1, Math.min(cap, Math.floor(widths[c] / tol)));
        for (int k = 0; k < type.length; k++) {
            cells.computeIfAbsent(key(bin(fractional(r[3 * k], r[3 * k + 1], r[3 * k + 2]))), x -> new ArrayList<>()).add(k);
        }
    }

    /** The atom of type {@code t} within tol of (x, y, z) modulo the cell, or −1. */
    int find(double x, double y, double z, int t) {
        int[] b = bin(fractional(x, y, z));
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dz = -1; dz <= 1; dz++) {
                    List<Integer> list = cells.get(key(new int[] {b[0] + dx, b[1] + dy, b[2] + dz}));
                    if (list == null) continue;
                    for (int m : list) if (type[m] == t && distance(x, y, z, m) < tol) return m;
                }
            }
        }
        return -1;
    }

    private double distance(double x, double y, double z, int m) {
        double[] f = fractional(x - r[3 * m], y - r[3 * m + 1], z - r[3 * m + 2]);
        for (int c = 0; c < 3; c++) f[c] -= Math.rint(f[c]);
        double s = 0;
        for (int a = 0; a < 3; a++) {
            double d = f[0] * h[a] + f[1] * h[3 + a] + f[2] * h[6 + a];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private double[] fractional(double x, double y, double z) {
        double[] f = new double[3];
        for (int c = 0; c < 3; c++) f[c] = x * hInv[c] + y * hInv[3 + c] + z * hInv[6 + c];
        return f;
    }

    private int[] bin(double[] f) {
        int[] b = new int[3];
        for (int c = 0; c < 3; c++) b[c] = (int) Math.floor((f[c] - Math.floor(f[c])) * bins[c]);
        return b;
    }

    private long key(int[] b) {
        long k = 0;
        for (int c = 0; c < 3; c++) k = k * 1_000_003L + Math.floorMod(b[c], bins[c]);
        return k;
    }
}
