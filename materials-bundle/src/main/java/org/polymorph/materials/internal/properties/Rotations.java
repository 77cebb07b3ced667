package org.polymorph.materials.internal.properties;

import org.polymorph.materials.space.Box;

/** 3×3 rotations (row-major double[9]) and 3-vectors for the symmetry search, in plain Java. */
final class Rotations {
    private Rotations() { }

    /** The nearest orthogonal matrix (polar factor) by the Newton iteration Q ← (Q + Q⁻ᵀ)/2 (Higham 1986). */
    static double[] orthonormal(double[] m) {
        double[] q = m.clone();
        for (int it = 0; it < 8; it++) {
            double[] invT = transpose(Box.inverse(q));
            for (int i = 0; i < 9; i++) q[i] = 0.5 * (q[i] + invT[i]);
        }
        return q;
    }

    static double det(double[] m) { return Box.det(m); }

    static double[] scale(double[] m, double s) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = s * m[i];
        return out;
    }

    static double[] transpose(double[] m) {
        return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    }

    static double norm(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

    static double dot(double[] u, double[] v) { return u[0] * v[0] + u[1] * v[1] + u[2] * v[2]; }

    /** Row i of a × row j of b (rows of 3). */
    static double[] cross(double[] a, int i, double[] b, int j) {
        int p = 3 * i, q = 3 * j;
        return new double[] {a[p + 1] * b[q + 2] - a[p + 2] * b[q + 1], a[p + 2] * b[q] - a[p] * b[q + 2], a[p] * b[q + 1] - a[p + 1] * b[q]};
    }

    static double[] unit(double[] v) { return scale(v, 1 / norm(v)); }

    /**
     * The unit axis of a proper rotation R ≠ I: R + Rᵀ + (1 − tr R) I = 2(1 − cos θ) n nᵀ, whose
     * largest column is parallel to n (valid for every θ ≠ 0, the half turn included).
     */
    static double[] axis(double[] rot) {
        double tr = rot[0] + rot[4] + rot[8];
        double[] best = null;
        for (int c = 0; c < 3; c++) {
            double[] col = new double[3];
            for (int a = 0; a < 3; a++) col[a] = rot[3 * a + c] + rot[3 * c + a] + (a == c ? 1 - tr : 0);
            if (best == null || norm(col) > norm(best)) best = col;
        }
        return unit(best);
    }
}
