package org.polymorph.materials.internal.symmetry;

import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * spglib's choice among the cells that describe a crystal in its standard setting equally well
 * (https://spglib.readthedocs.io, "Definitions and conventions"): triclinic, the Niggli cell;
 * monoclinic, β ≥ 90°; orthorhombic, the permutation of axes allowed by the setting with the
 * lengths (a, b, c) smallest in that order. Other systems keep the cell the matcher found.
 */
final class CellChoice {
    /**
     * @param transform columns: standard basis vectors in the primitive cell's basis
     * @param origin    origin shift in the standard basis: x_std = transform⁻¹·x - origin
     */
    record Choice(double[] transform, double[] origin) { }

    private CellChoice() { }

    static Choice of(CrystalSystem system, SettingMatcher matcher, List<Operation> conventional, int[] axes,
                     SettingMatcher.Match match, double[] primitiveLattice) {
        double[] transform = Box.matmul(IntMatrix.toDouble(axes), IntMatrix.toDouble(match.change()));
        double[] origin = match.origin();
        switch (system) {
            case TRICLINIC -> {
                double[] n = IntMatrix.toDouble(Niggli.reduce(Box.matmul(primitiveLattice, transform)));
                return new Choice(Box.matmul(transform, n), IntMatrix.apply(Box.inverse(n), origin));
            }
            case MONOCLINIC -> {
                double[] l = Box.matmul(primitiveLattice, transform);
                double[] a = IntMatrix.column(l, 0), c = IntMatrix.column(l, 2);
                if (Delaunay.dot(a, c) > 0) {
                    // β < 90°: (a, b, c) → (-a, -b, c) leaves every operation of a unique-axis-b setting unchanged
                    double[] d = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
                    return new Choice(Box.matmul(transform, d), IntMatrix.apply(d, origin));
                }
                return new Choice(transform, origin);
            }
            case ORTHORHOMBIC -> {
                Choice best = new Choice(transform, origin);
                double[] bestLengths = lengths(Box.matmul(primitiveLattice, transform));
                for (int[] s : SettingMatcher.axisPermutations()) {
                    int[] q = IntMatrix.mul(match.change(), s);
                    SettingMatcher.Match m = matcher.match(conventional, q, match.setting());
                    if (m == null) continue;
                    double[] t = Box.matmul(IntMatrix.toDouble(axes), IntMatrix.toDouble(q));
                    double[] len = lengths(Box.matmul(primitiveLattice, t));
                    if (shorter(len, bestLengths)) {
                        best = new Choice(t, m.origin());
                        bestLengths = len;
                    }
                }
                return best;
            }
            default -> {
                return new Choice(transform, origin);
            }
        }
    }

    private static double[] lengths(double[] lattice) {
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) {
            double[] v = IntMatrix.column(lattice, j);
            out[j] = Math.sqrt(Delaunay.dot(v, v));
        }
        return out;
    }

    /** (a, b, c) before (a', b', c') in lexicographic order, lengths within 1e-8 relative being equal. */
    private static boolean shorter(double[] x, double[] y) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(x[i] - y[i]) > 1e-8 * y[i]) return x[i] < y[i];
        }
        return false;
    }
}
