package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * The bases of a lattice (or of its supercells of a given size) whose lengths and angles lie within tolerances of a
 * target lattice's, as pymatgen's {@code Lattice.find_all_mappings}: every lattice vector with length within a factor
 * (1 + ltol) of a target length is a candidate for that row, and three candidates form a basis where their angles
 * are within angleTol of the target's and their integer matrix has the wanted |determinant|.
 */
final class LatticeMappings {
    private LatticeMappings() { }

    /**
     * One mapping.
     *
     * @param h the basis (rows, Å) in this lattice's Cartesian frame
     * @param scale the integer matrix with h = scale · (this lattice's rows), row-major
     */
    record Mapping(double[] h, int[] scale) { }

    /** The bases of the lattice {@code h} that match {@code target}, with |det scale| = size. */
    static List<Mapping> find(double[] h, double[] target, double ltol, double angleTol, int size) {
        double[] p = Mat3.parameters(target);
        double radius = Math.max(p[0], Math.max(p[1], p[2])) * (1 + ltol);
        double[] inv = Box.inverse(h);
        int[] reach = new int[3];
        for (int j = 0; j < 3; j++) {
            reach[j] = (int) Math.ceil(radius * Math.sqrt(inv[j] * inv[j] + inv[3 + j] * inv[3 + j] + inv[6 + j] * inv[6 + j])) ;
        }
        List<List<int[]>> frac = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<double[]>> cart = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = -reach[0]; i <= reach[0]; i++) {
            for (int j = -reach[1]; j <= reach[1]; j++) {
                for (int k = -reach[2]; k <= reach[2]; k++) {
                    double[] r = Mat3.cart(new double[] {i, j, k}, h);
                    double d = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
                    if (d > radius) continue;
                    for (int axis = 0; axis < 3; axis++) {
                        if (d / p[axis] < 1 + ltol && d / p[axis] > 1 / (1 + ltol)) {
                            frac.get(axis).add(new int[] {i, j, k});
                            cart.get(axis).add(r);
                        }
                    }
                }
            }
        }
        List<Mapping> out = new ArrayList<>();
        List<double[]> ca = cart.get(0), cb = cart.get(1), cc = cart.get(2);
        for (int i = 0; i < ca.size(); i++) {
            for (int j = 0; j < cb.size(); j++) {
                if (!(Math.abs(angle(ca.get(i), cb.get(j)) - p[5]) < angleTol)) continue;
                for (int k = 0; k < cc.size(); k++) {
                    if (!(Math.abs(angle(cb.get(j), cc.get(k)) - p[3]) < angleTol)) continue;
                    if (!(Math.abs(angle(ca.get(i), cc.get(k)) - p[4]) < angleTol)) continue;
                    int[] fa = frac.get(0).get(i), fb = frac.get(1).get(j), fc = frac.get(2).get(k);
                    int[] m = {fa[0], fa[1], fa[2], fb[0], fb[1], fb[2], fc[0], fc[1], fc[2]};
                    long det = (long) m[0] * (m[4] * m[8] - m[5] * m[7]) - (long) m[1] * (m[3] * m[8] - m[5] * m[6])
                            + (long) m[2] * (m[3] * m[7] - m[4] * m[6]);
                    if (det == 0 || Math.abs(Math.abs(det) - size) >= 0.5) continue;
                    double[] a = ca.get(i), b = cb.get(j), c = cc.get(k);
                    out.add(new Mapping(new double[] {a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]}, m));
                }
            }
        }
        return out;
    }

    /** The angle between two vectors (degrees). */
    private static double angle(double[] u, double[] v) {
        double lu = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]), lv = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        double x = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / lu / lv;
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, x))));
    }
}
