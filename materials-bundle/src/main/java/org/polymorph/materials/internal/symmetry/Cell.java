package org.polymorph.materials.internal.symmetry;

import org.polymorph.materials.space.Box;

/**
 * A periodic cell for the symmetry search: lattice L (row-major 3x3 whose columns are the basis
 * vectors, Å), fractional positions [N][3] and a type per atom. Cartesian r = L·x.
 */
final class Cell {
    private final double[] lattice;
    private final double[][] frac;
    private final int[] types;
    /** Distances between neighbouring lattice planes (0 1 0 0)... per axis: 1/|row k of L⁻¹| (Å). */
    private final double[] widths = new double[3];

    Cell(double[] lattice, double[][] frac, int[] types) {
        this.lattice = lattice;
        this.frac = frac;
        this.types = types;
        double[] inverse = Box.inverse(lattice);
        for (int k = 0; k < 3; k++) widths[k] = 1 / Math.sqrt(inverse[3 * k] * inverse[3 * k] + inverse[3 * k + 1] * inverse[3 * k + 1] + inverse[3 * k + 2] * inverse[3 * k + 2]);
    }

    /** Lattice (columns: basis vectors, Å); not to be changed. */
    double[] lattice() { return lattice; }

    /** Fractional positions [N][3]; not to be changed. */
    double[][] frac() { return frac; }

    int[] types() { return types; }

    int size() { return types.length; }

    /**
     * The periodic distance of two fractional positions is below {@code tol} (Å). Exact on a
     * Delaunay-reduced lattice, where the nearest image lies among the 27 around the rounded difference.
     */
    boolean close(double[] a, double[] b, double tol) {
        double[] d = IntMatrix.wrapCentred(new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]});
        // every image is at least |d_k| plane spacings away along axis k
        for (int k = 0; k < 3; k++) if (Math.abs(d[k]) * widths[k] > tol) return false;
        double tol2 = tol * tol;
        for (int i = -1; i <= 1; i++) {
            for (int j = -1; j <= 1; j++) {
                for (int k = -1; k <= 1; k++) {
                    double[] r = IntMatrix.apply(lattice, new double[] {d[0] + i, d[1] + j, d[2] + k});
                    if (r[0] * r[0] + r[1] * r[1] + r[2] * r[2] < tol2) return true;
                }
            }
        }
        return false;
    }

    /** The same atoms in the basis L·P (columns of P: new basis vectors in this basis), positions wrapped into [0, 1). */
    Cell changeBasis(double[] p) {
        double[] pInverse = Box.inverse(p);
        double[][] x = new double[size()][];
        for (int i = 0; i < size(); i++) x[i] = IntMatrix.wrap(IntMatrix.apply(pInverse, frac[i]));
        return new Cell(Box.matmul(lattice, p), x, types);
    }

    /** Index of the type with fewest atoms. */
    int rarestType() {
        int max = 0;
        for (int t : types) max = Math.max(max, t);
        int[] count = new int[max + 1];
        for (int t : types) count[t]++;
        int best = -1;
        for (int t = 0; t <= max; t++) if (count[t] > 0 && (best < 0 || count[t] < count[best])) best = t;
        return best;
    }

    /** Index of the atom of {@code type} nearest to {@code x} (periodic distance of the wrapped difference). */
    int nearest(double[] x, int type) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int j = 0; j < size(); j++) {
            if (types[j] != type) continue;
            double[] r = IntMatrix.apply(lattice, IntMatrix.wrapCentred(new double[] {x[0] - frac[j][0], x[1] - frac[j][1], x[2] - frac[j][2]}));
            double d = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
            if (d < bestDistance) {
                bestDistance = d;
                best = j;
            }
        }
        return best;
    }

    /** Index of the atom of {@code type} at {@code x} (within tol), or -1. */
    int find(double[] x, int type, double tol) {
        for (int j = 0; j < size(); j++) if (types[j] == type && close(x, frac[j], tol)) return j;
        return -1;
    }
}
