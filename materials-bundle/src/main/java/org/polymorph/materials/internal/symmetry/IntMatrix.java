package org.polymorph.materials.internal.symmetry;

import org.polymorph.materials.space.Box;

/**
 * Integer 3x3 matrices stored row-major in an int[9]: the rotation parts of symmetry operations and
 * the changes of basis between cells (columns: new basis vectors in the old basis).
 */
final class IntMatrix {
    static final int[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    private IntMatrix() { }

    static int[] mul(int[] a, int[] b) {
        int[] c = new int[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        return c;
    }

    static int det(int[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    static int trace(int[] m) { return m[0] + m[4] + m[8]; }

    /** The inverse of a matrix with det 1 (its adjugate). */
    static int[] inverseUnimodular(int[] m) {
        if (det(m) != 1) throw new IllegalArgumentException("det " + det(m) + ", not 1");
        return new int[] {
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
    }

    static double[] toDouble(int[] m) {
        double[] d = new double[9];
        for (int i = 0; i < 9; i++) d[i] = m[i];
        return d;
    }

    /** m rounded to integers, or null when an entry is farther than 1e-6 from one. */
    static int[] rounded(double[] m) {
        int[] r = new int[9];
        for (int i = 0; i < 9; i++) {
            r[i] = (int) Math.round(m[i]);
            if (Math.abs(m[i] - r[i]) > 1e-6) return null;
        }
        return r;
    }

    /** P⁻¹ W P for a change of basis P (possibly rational), rounded; null when not integral. */
    static int[] conjugate(int[] w, double[] p, double[] pInverse) {
        return rounded(Box.matmul(pInverse, Box.matmul(toDouble(w), p)));
    }

    /** m·v for a column vector v. */
    static double[] apply(double[] m, double[] v) {
        return new double[] {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    static double[] apply(int[] m, double[] v) { return apply(toDouble(m), v); }

    static int[] apply(int[] m, int[] v) {
        return new int[] {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    /** The matrix whose columns are c0, c1, c2. */
    static int[] columns(int[] c0, int[] c1, int[] c2) {
        return new int[] {c0[0], c1[0], c2[0], c0[1], c1[1], c2[1], c0[2], c1[2], c2[2]};
    }

    static int[] column(int[] m, int j) { return new int[] {m[j], m[3 + j], m[6 + j]}; }

    static double[] column(double[] m, int j) { return new double[] {m[j], m[3 + j], m[6 + j]}; }

    static double[] transpose(double[] m) { return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]}; }

    /** Each component minus its nearest integer, in [-1/2, 1/2]. */
    static double[] wrapCentred(double[] v) {
        return new double[] {v[0] - Math.rint(v[0]), v[1] - Math.rint(v[1]), v[2] - Math.rint(v[2])};
    }

    /** Each component reduced into [0, 1). */
    static double[] wrap(double[] v) {
        double[] w = new double[3];
        for (int i = 0; i < 3; i++) {
            w[i] = v[i] - Math.floor(v[i]);
            if (w[i] >= 1) w[i] -= 1;
        }
        return w;
    }
}
