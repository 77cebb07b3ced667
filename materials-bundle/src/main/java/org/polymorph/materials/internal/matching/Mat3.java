package org.polymorph.materials.internal.matching;

import org.polymorph.materials.space.Box;

/** 3x3 lattice arithmetic on row-major arrays whose rows are the lattice vectors (Å). */
final class Mat3 {
    private Mat3() { }

    /** Fractional coordinates [3] of the Cartesian point r in the lattice whose inverse is {@code hInv}: f = r h⁻¹. */
    static double[] frac(double[] r, double[] hInv) {
        double[] f = new double[3];
        for (int j = 0; j < 3; j++) f[j] = r[0] * hInv[j] + r[1] * hInv[3 + j] + r[2] * hInv[6 + j];
        return f;
    }

    /** Cartesian point [3] of fractional coordinates f: r = f h. */
    static double[] cart(double[] f, double[] h) { return frac(f, h); }

    /** Lengths a, b, c (Å) and angles α, β, γ (degrees) of the rows. */
    static double[] parameters(double[] h) {
        double a = norm(h, 0), b = norm(h, 1), c = norm(h, 2);
        return new double[] {a, b, c, angle(h, 1, 2, b, c), angle(h, 0, 2, a, c), angle(h, 0, 1, a, b)};
    }

    /** A lattice of the given lengths (Å) and angles (degrees): a along x, b in the xy plane. */
    static double[] fromParameters(double[] p) {
        double ca = Math.cos(Math.toRadians(p[3])), cb = Math.cos(Math.toRadians(p[4]));
        double cg = Math.cos(Math.toRadians(p[5])), sg = Math.sin(Math.toRadians(p[5]));
        double cy = (ca - cb * cg) / sg;
        double cz = Math.sqrt(Math.max(0, 1 - cb * cb - cy * cy));
        return new double[] {p[0], 0, 0, p[1] * cg, p[1] * sg, 0, p[2] * cb, p[2] * cy, p[2] * cz};
    }

    /** Lengths [3] of the reciprocal lattice vectors with the crystallographer's 2π: 2π / (interplanar spacing). */
    static double[] reciprocalLengths(double[] h) {
        double[] inv = Box.inverse(h);
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) out[j] = 2 * Math.PI * Math.sqrt(inv[j] * inv[j] + inv[3 + j] * inv[3 + j] + inv[6 + j] * inv[6 + j]);
        return out;
    }

    static double norm(double[] h, int row) {
        return Math.sqrt(h[3 * row] * h[3 * row] + h[3 * row + 1] * h[3 * row + 1] + h[3 * row + 2] * h[3 * row + 2]);
    }

    static double[] scaled(double[] h, double s) {
        double[] out = new double[9];
        for (int i = 0; i < 9; i++) out[i] = h[i] * s;
        return out;
    }

    /** Integer matrix (row-major) times lattice: rows of m combine the rows of h. */
    static double[] times(int[] m, double[] h) {
        double[] md = new double[9];
        for (int i = 0; i < 9; i++) md[i] = m[i];
        return Box.matmul(md, h);
    }

    private static double angle(double[] h, int i, int j, double li, double lj) {
        double d = h[3 * i] * h[3 * j] + h[3 * i + 1] * h[3 * j + 1] + h[3 * i + 2] * h[3 * j + 2];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, d / li / lj))));
    }
}
