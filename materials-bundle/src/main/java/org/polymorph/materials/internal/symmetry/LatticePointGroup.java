package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * The point group of a lattice (its holohedry) with a tolerance: the integer matrices W with entries
 * in {-1, 0, 1} and det ±1 that leave the metric G = LᵀL unchanged, W'ᵀGW ≈ G, on a Delaunay-reduced
 * basis. Lengths of the transformed basis vectors may differ by symprec (Å); angles by
 * angleTolerance (degrees) when it is positive, else so that sin(Δθ)·(mean length) &lt; symprec, as
 * spglib compares metrics.
 */
final class LatticePointGroup {
    private LatticePointGroup() { }

    static List<int[]> of(double[] lattice, double symprec, double angleTolerance) {
        double[] g = Box.matmul(IntMatrix.transpose(lattice), lattice);
        // the columns of W are integer vectors in {-1,0,1}³ whose lengths match those of the basis vectors
        List<List<int[]>> columns = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            List<int[]> c = new ArrayList<>();
            double length = Math.sqrt(g[4 * j]);
            for (int code = 0; code < 27; code++) {
                int[] v = {code % 3 - 1, code / 3 % 3 - 1, code / 9 - 1};
                if (Math.abs(Math.sqrt(ConventionalAxes.length2(lattice, v)) - length) <= symprec) c.add(v);
            }
            columns.add(c);
        }
        List<int[]> out = new ArrayList<>();
        for (int[] a : columns.get(0)) {
            for (int[] b : columns.get(1)) {
                for (int[] c : columns.get(2)) {
                    int[] w = IntMatrix.columns(a, b, c);
                    int det = IntMatrix.det(w);
                    if (det != 1 && det != -1) continue;
                    double[] wd = IntMatrix.toDouble(w);
                    double[] g2 = Box.matmul(IntMatrix.transpose(wd), Box.matmul(g, wd));
                    if (sameMetric(g, g2, symprec, angleTolerance)) out.add(w);
                }
            }
        }
        return out;
    }

    static boolean sameMetric(double[] g, double[] g2, double symprec, double angleTolerance) {
        double[] len = new double[3], len2 = new double[3];
        for (int i = 0; i < 3; i++) {
            len[i] = Math.sqrt(g[4 * i]);
            len2[i] = Math.sqrt(g2[4 * i]);
            if (Math.abs(len[i] - len2[i]) > symprec) return false;
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double theta = Math.acos(clamp(g[3 * i + j] / (len[i] * len[j])));
                double theta2 = Math.acos(clamp(g2[3 * i + j] / (len2[i] * len2[j])));
                if (angleTolerance > 0) {
                    if (Math.abs(Math.toDegrees(theta - theta2)) > angleTolerance) return false;
                } else {
                    double mean = 0.5 * (len[i] + len[j]);
                    if (Math.abs(Math.sin(theta - theta2)) * mean > symprec) return false;
                }
            }
        }
        return true;
    }

    private static double clamp(double c) { return Math.max(-1, Math.min(1, c)); }
}
