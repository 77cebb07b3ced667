package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The conventional basis of a crystal from its rotations (spglib's choice of axes, Togo &amp; Tanaka,
 * arXiv 1808.01590, §3.4): the shortest lattice vectors along the symmetry directions of its crystal
 * system. Monoclinic: b along the 2-fold axis, a and c a reduced basis of the lattice plane normal to
 * it; orthorhombic: along the three 2-fold axes; tetragonal: c along the 4-fold axis, a the shortest
 * vector normal to it, b = 4·a; trigonal and hexagonal: c along the 3-fold axis, a the shortest vector
 * normal to it, b = 3·a at 120°; cubic: along the 4-fold axes, or the 2-fold ones in 23 and m-3.
 * Rotations W act on fractional coordinates of the primitive basis; the result P is integer with
 * det P &gt; 0 (columns: conventional vectors in the primitive basis), centred cells giving det P &gt; 1.
 */
final class ConventionalAxes {
    private ConventionalAxes() { }

    static int[] of(CrystalSystem system, List<int[]> rotations, double[] lattice) {
        List<int[]> proper = new ArrayList<>();
        for (int[] w : rotations) {
            int[] p = w.clone();
            if (IntMatrix.det(w) < 0) for (int i = 0; i < 9; i++) p[i] = -p[i];
            proper.add(p);
        }
        return switch (system) {
            case TRICLINIC -> IntMatrix.IDENTITY.clone();
            case MONOCLINIC -> {
                int[] two = withTrace(proper, -1).get(0);
                int[][] plane = plane(two, 2, lattice);
                yield rightHanded(plane[0], axis(two), plane[1]);
            }
            case ORTHORHOMBIC -> {
                List<int[]> axes = distinctAxes(withTrace(proper, -1));
                yield rightHanded(axes.get(0), axes.get(1), axes.get(2));
            }
            case TETRAGONAL -> {
                int[] four = withTrace(proper, 1).get(0);
                int[] a = plane(four, 4, lattice)[0];
                yield rightHanded(a, IntMatrix.apply(four, a), axis(four));
            }
            case TRIGONAL, HEXAGONAL -> {
                List<int[]> threes = withTrace(proper, 0);
                int[] three = threes.isEmpty() ? IntMatrix.mul(withTrace(proper, 2).get(0), withTrace(proper, 2).get(0)) : threes.get(0);
                int[] a = plane(three, 3, lattice)[0];
                int[] c = axis(three);
                int[] b = IntMatrix.apply(three, a);
                if (IntMatrix.det(IntMatrix.columns(a, b, c)) < 0) b = IntMatrix.apply(IntMatrix.mul(three, three), a);
                yield IntMatrix.columns(a, b, c);
            }
            case CUBIC -> {
                List<int[]> fours = withTrace(proper, 1);
                List<int[]> axes = distinctAxes(fours.isEmpty() ? withTrace(proper, -1) : fours);
                yield rightHanded(axes.get(0), axes.get(1), axes.get(2));
            }
        };
    }

    private static List<int[]> withTrace(List<int[]> proper, int trace) {
        List<int[]> out = new ArrayList<>();
        for (int[] w : proper) if (IntMatrix.trace(w) == trace) out.add(w);
        return out;
    }

    private static int[] rightHanded(int[] a, int[] b, int[] c) {
        int[] p = IntMatrix.columns(a, b, c);
        if (IntMatrix.det(p) < 0) p = IntMatrix.columns(a, b, new int[] {-c[0], -c[1], -c[2]});
        return p;
    }

    /** The shortest lattice vector along the axis of a proper rotation (≠ identity): the primitive integer solution of (W - I)·v = 0. */
    static int[] axis(int[] w) {
        int[][] rows = new int[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) rows[i][j] = w[3 * i + j] - (i == j ? 1 : 0);
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                int[] v = cross(rows[i], rows[j]);
                if (v[0] != 0 || v[1] != 0 || v[2] != 0) return primitive(v);
            }
        }
        throw new IllegalStateException("no rotation axis for " + java.util.Arrays.toString(w));
    }

    private static List<int[]> distinctAxes(List<int[]> rotations) {
        List<int[]> axes = new ArrayList<>();
        for (int[] w : rotations) {
            int[] v = axis(w);
            boolean seen = false;
            for (int[] u : axes) {
                int[] x = cross(u, v);
                if (x[0] == 0 && x[1] == 0 && x[2] == 0) seen = true;
            }
            if (!seen) axes.add(v);
        }
        if (axes.size() != 3) throw new IllegalStateException("expected three symmetry axes, found " + axes.size());
        return axes;
    }

    /**
     * A reduced basis (two shortest independent vectors) of the lattice plane normal to the axis of the
     * proper rotation w of order n: the integer u with (I + W + … + W^(n-1))·u = 0.
     */
    static int[][] plane(int[] w, int order, double[] lattice) {
        int[] s = IntMatrix.IDENTITY.clone();
        int[] power = IntMatrix.IDENTITY.clone();
        for (int k = 1; k < order; k++) {
            power = IntMatrix.mul(power, w);
            for (int i = 0; i < 9; i++) s[i] += power[i];
        }
        List<int[]> vectors = new ArrayList<>();
        int range = 3;
        for (int i = -range; i <= range; i++) {
            for (int j = -range; j <= range; j++) {
                for (int k = -range; k <= range; k++) {
                    int[] u = {i, j, k};
                    int[] su = IntMatrix.apply(s, u);
                    if ((i != 0 || j != 0 || k != 0) && su[0] == 0 && su[1] == 0 && su[2] == 0) vectors.add(u);
                }
            }
        }
        vectors.sort(Comparator.comparingDouble(u -> length2(lattice, u)));
        int[] a = vectors.get(0);
        for (int[] b : vectors) {
            int[] x = cross(a, b);
            if (x[0] != 0 || x[1] != 0 || x[2] != 0) return new int[][] {a, b};
        }
        throw new IllegalStateException("no lattice plane normal to the axis");
    }

    static double length2(double[] lattice, int[] u) {
        double[] r = IntMatrix.apply(lattice, new double[] {u[0], u[1], u[2]});
        return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    }

    private static int[] cross(int[] a, int[] b) {
        return new int[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static int[] primitive(int[] v) {
        int g = Math.abs(gcd(gcd(v[0], v[1]), v[2]));
        return new int[] {v[0] / g, v[1] / g, v[2] / g};
    }

    private static int gcd(int a, int b) { return b == 0 ? Math.abs(a) : gcd(b, a % b); }
}
