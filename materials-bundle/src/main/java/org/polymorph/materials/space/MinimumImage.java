package org.polymorph.materials.space;

/**
 * Displacements reduced to their minimum image along a cell's periodic axes: d ← d − rint(d·h⁻¹)·h,
 * the fractional coordinates rounded (exact for orthorhombic cells and for displacements short
 * against the cell; in a strongly skewed cell a neighbouring image can be shorter). The cell's
 * inverse is taken once, for loops over many vectors.
 */
public final class MinimumImage {
    private final boolean[] periodic;
    private final double[] h;
    private final double[] inv;

    public MinimumImage(Box box) {
        this.periodic = box.periodic();
        this.h = box.h();
        this.inv = box.anyPeriodic() ? box.inverse() : null;
    }

    /** Reduces the vector v[at], v[at+1], v[at+2] in place. */
    public void reduce(double[] v, int at) {
        if (inv == null) return;
        double x = v[at], y = v[at + 1], z = v[at + 2];
        for (int k = 0; k < 3; k++) {
            if (!periodic[k]) continue;
            double s = Math.rint(x * inv[k] + y * inv[3 + k] + z * inv[6 + k]);
            for (int c = 0; c < 3; c++) v[at + c] -= s * h[3 * k + c];
        }
    }
}
