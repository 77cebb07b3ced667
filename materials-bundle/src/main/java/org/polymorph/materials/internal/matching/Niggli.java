package org.polymorph.materials.internal.matching;

import org.polymorph.materials.space.Box;

/**
 * The Niggli-reduced basis of a lattice: Křivý and Gruber, Acta Cryst. A32, 297 (1976), steps A1-A8 on the metric
 * tensor with the tolerance ε = 1e-5 V^(1/3) of Grosse-Kunstleve et al., Acta Cryst. A60, 1 (2004), as pymatgen's
 * {@code Lattice.get_niggli_reduced_lattice} applies them. The basis is transformed along with the metric, so the
 * result is a basis of the same lattice, right-handed.
 */
final class Niggli {
    private Niggli() { }

    private static final int MAX_STEPS = 1000;

    /** The reduced basis (rows, Å) of the lattice with rows {@code h}. */
    static double[] reduce(double[] h) {
        double e = 1e-5 * Math.cbrt(Math.abs(Box.det(h)));
        double[] b = h.clone();
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] g = metric(b);
            double aa = g[0], bb = g[4], cc = g[8], ee = 2 * g[5], nn = 2 * g[2], yy = 2 * g[1];
            if (aa > bb + e || (Math.abs(aa - bb) < e && Math.abs(ee) > Math.abs(nn) + e)) {
                b = apply(b, new int[] {0, -1, 0, -1, 0, 0, 0, 0, -1});
                g = metric(b);
                aa = g[0]; bb = g[4]; cc = g[8]; ee = 2 * g[5]; nn = 2 * g[2]; yy = 2 * g[1];
            }
            if (bb > cc + e || (Math.abs(bb - cc) < e && Math.abs(nn) > Math.abs(yy) + e)) {
                b = apply(b, new int[] {-1, 0, 0, 0, 0, -1, 0, -1, 0});
                continue;
            }
            b = apply(b, signFix(sign(ee, e), sign(nn, e), sign(yy, e)));
            g = metric(b);
            aa = g[0]; bb = g[4]; ee = 2 * g[5]; nn = 2 * g[2]; yy = 2 * g[1];
            if (Math.abs(ee) > bb + e || (Math.abs(ee - bb) < e && 2 * nn < yy - e) || (Math.abs(ee + bb) < e && yy < -e)) {
                b = apply(b, new int[] {1, 0, 0, 0, 1, -(int) Math.signum(ee), 0, 0, 1});
            } else if (Math.abs(nn) > aa + e || (Math.abs(aa - nn) < e && 2 * ee < yy - e) || (Math.abs(aa + nn) < e && yy < -e)) {
                b = apply(b, new int[] {1, 0, -(int) Math.signum(nn), 0, 1, 0, 0, 0, 1});
            } else if (Math.abs(yy) > aa + e || (Math.abs(aa - yy) < e && 2 * ee < nn - e) || (Math.abs(aa + yy) < e && nn < -e)) {
                b = apply(b, new int[] {1, -(int) Math.signum(yy), 0, 0, 1, 0, 0, 0, 1});
            } else if (ee + nn + yy + aa + bb < -e || (Math.abs(ee + nn + yy + aa + bb) < e && e < yy + (aa + nn) * 2)) {
                b = apply(b, new int[] {1, 0, 1, 0, 1, 1, 0, 0, 1});
            } else {
                return Box.det(b) < 0 ? Mat3.scaled(b, -1) : b;
            }
        }
        throw new IllegalStateException("Niggli reduction did not converge in " + MAX_STEPS + " steps for the cell " + java.util.Arrays.toString(h));
    }

    /** Steps A3/A4: the diagonal sign change making the three off-diagonal terms all positive or all non-positive. */
    private static int[] signFix(int l, int m, int n) {
        int i, j, k;
        if (l * m * n == 1) {
            i = l == -1 ? -1 : 1;
            j = m == -1 ? -1 : 1;
            k = n == -1 ? -1 : 1;
        } else {
            i = l == 1 ? -1 : 1;
            j = m == 1 ? -1 : 1;
            k = n == 1 ? -1 : 1;
            if (i * j * k == -1) {
                if (n == 0) k = -1;
                else if (m == 0) j = -1;
                else if (l == 0) i = -1;
            }
        }
        return new int[] {i, 0, 0, 0, j, 0, 0, 0, k};
    }

    private static int sign(double x, double e) { return Math.abs(x) < e ? 0 : x > 0 ? 1 : -1; }

    /** G = B Bᵀ [3x3]. */
    private static double[] metric(double[] b) {
        double[] g = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) g[3 * i + j] = b[3 * i] * b[3 * j] + b[3 * i + 1] * b[3 * j + 1] + b[3 * i + 2] * b[3 * j + 2];
        }
        return g;
    }

    /** The basis whose metric is Mᵀ G M: B' = Mᵀ B. */
    private static double[] apply(double[] b, int[] m) {
        int[] mt = {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
        return Mat3.times(mt, b);
    }
}
