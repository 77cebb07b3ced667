package org.polymorph.materials.internal.symmetry;

import org.polymorph.materials.space.Box;

/**
 * Niggli reduction of a lattice by the algorithm of Křivý &amp; Gruber (Acta Cryst. A32, 297, 1976) with
 * the tolerance handling of Grosse-Kunstleve, Sauter &amp; Adams (Acta Cryst. A60, 1, 2004): steps A1-A8
 * on (A, B, C, ξ, η, ζ) = (a·a, b·b, c·c, 2b·c, 2a·c, 2a·b), each applied to the basis itself. The
 * Niggli cell is unique; spglib gives it as the standardised cell of a triclinic crystal.
 */
final class Niggli {
    private Niggli() { }

    /** Change of basis M (integer, det +1; columns: Niggli vectors in the basis of {@code lattice}). */
    static int[] reduce(double[] lattice) {
        int[] m = IntMatrix.IDENTITY.clone();
        double e = 1e-5 * Math.pow(Math.abs(Box.det(lattice)), 2.0 / 3);
        for (int iter = 0; iter < 10000; iter++) {
            int[] step = step(metric(Box.matmul(lattice, IntMatrix.toDouble(m))), e);
            if (step == null) return m;
            m = IntMatrix.mul(m, step);
        }
        throw new IllegalStateException("Niggli reduction did not converge");
    }

    /** {A, B, C, ξ, η, ζ} of a lattice (columns). */
    private static double[] metric(double[] l) {
        double[] g = Box.matmul(IntMatrix.transpose(l), l);
        return new double[] {g[0], g[4], g[8], 2 * g[5], 2 * g[2], 2 * g[1]};
    }

    /** The change of basis of the first step A1-A8 that applies, or null when the cell is reduced. */
    private static int[] step(double[] p, double e) {
        double a = p[0], b = p[1], c = p[2], xi = p[3], eta = p[4], zeta = p[5];
        if (a > b + e || (Math.abs(a - b) <= e && Math.abs(xi) > Math.abs(eta) + e)) return new int[] {0, -1, 0, -1, 0, 0, 0, 0, -1};
        if (b > c + e || (Math.abs(b - c) <= e && Math.abs(eta) > Math.abs(zeta) + e)) return new int[] {-1, 0, 0, 0, 0, -1, 0, -1, 0};
        int l = sign(xi, e), mm = sign(eta, e), n = sign(zeta, e);
        if (l * mm * n > 0) {
            int[] d = {l < 0 ? -1 : 1, mm < 0 ? -1 : 1, n < 0 ? -1 : 1};
            if (d[0] != 1 || d[1] != 1 || d[2] != 1) return diag(d);
        } else {
            int[] d = {1, 1, 1};
            int zero = -1;
            int[] s = {l, mm, n};
            for (int k = 0; k < 3; k++) {
                if (s[k] > 0) d[k] = -1;
                else if (s[k] == 0) zero = k;
            }
            if (d[0] * d[1] * d[2] < 0) {
                if (zero < 0) throw new IllegalStateException("Niggli step A4 without a zero angle term");
                d[zero] = -1;
            }
            if (d[0] != 1 || d[1] != 1 || d[2] != 1) return diag(d);
        }
        if (Math.abs(xi) > b + e || (Math.abs(xi - b) <= e && 2 * eta < zeta - e) || (Math.abs(xi + b) <= e && zeta < -e)) {
            return new int[] {1, 0, 0, 0, 1, -(int) Math.signum(xi), 0, 0, 1};
        }
        if (Math.abs(eta) > a + e || (Math.abs(eta - a) <= e && 2 * xi < zeta - e) || (Math.abs(eta + a) <= e && zeta < -e)) {
            return new int[] {1, 0, -(int) Math.signum(eta), 0, 1, 0, 0, 0, 1};
        }
        if (Math.abs(zeta) > a + e || (Math.abs(zeta - a) <= e && 2 * xi < eta - e) || (Math.abs(zeta + a) <= e && eta < -e)) {
            return new int[] {1, -(int) Math.signum(zeta), 0, 0, 1, 0, 0, 0, 1};
        }
        double sum = xi + eta + zeta + a + b;
        if (sum < -e || (Math.abs(sum) <= e && 2 * (a + eta) + zeta > e)) return new int[] {1, 0, 1, 0, 1, 1, 0, 0, 1};
        return null;
    }

    private static int sign(double v, double e) { return v > e ? 1 : v < -e ? -1 : 0; }

    private static int[] diag(int[] d) { return new int[] {d[0], 0, 0, 0, d[1], 0, 0, 0, d[2]}; }
}
