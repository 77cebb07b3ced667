package org.polymorph.materials.internal.properties;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.internal.properties.CrystalSymmetry.LaueClass;

/**
 * An elastic tensor (Voigt 6×6, GPa) reduced to the independent constants of the crystal's Laue
 * class (Nye, Physical Properties of Crystals, 1957, Table 9): the tensor averaged over the class's
 * rotations, then written in its standard frame. Frames (rows: the new x, y, z in the cell's
 * Cartesian axes): cubic and orthorhombic along the three 4-fold or 2-fold axes; tetragonal, trigonal
 * and hexagonal z along the 4-, 3- or 6-fold axis and x along a perpendicular 2-fold axis where there
 * is one (so C16 = 0 in 4/mmm and C15 = 0 in −3m); monoclinic y along the 2-fold axis (Nye's "diad ∥ x₂":
 * C15, C25, C35, C46); triclinic the cell's axes. Of the equivalent axes the one closest to the cell's
 * own is taken, so a crystal already in its standard orientation keeps its axes.
 *
 * @param laue       the Laue class
 * @param frame      [9] row-major, rows = the frame's unit axes in the input's Cartesian axes
 * @param names      the independent constants, e.g. C11, C12, C13, C33, C44 for hexagonal
 * @param values     their values (GPa), in the frame, after averaging over the class's rotations
 * @param tensor     [6][6] the averaged tensor in the frame (GPa)
 * @param deviation  max |C − C_averaged| over the 36 entries (GPa): how far the computed tensor is from the symmetry
 */
public record ElasticSymmetry(LaueClass laue, double[] frame, List<String> names, double[] values, double[][] tensor, double deviation) {
    private static final int[][] VOIGT = {{0, 5, 4}, {5, 1, 3}, {4, 3, 2}};

    /** {@code c} [6][6] (GPa, engineering shear strains) of a crystal with symmetry {@code sym}. */
    public static ElasticSymmetry of(CrystalSymmetry sym, double[][] c) {
        LaueClass laue = sym.laueClass();
        double[] q = frame(sym);
        double[][] avg = new double[6][6];
        for (double[] rot : sym.rotations()) {
            double[][] rc = rotate(c, rot);
            for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) avg[i][j] += rc[i][j] / sym.rotations().size();
        }
        double[][] inFrame = rotate(avg, q);
        double[][] raw = rotate(c, q);
        double dev = 0;
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) dev = Math.max(dev, Math.abs(raw[i][j] - inFrame[i][j]));
        List<String> names = independent(laue);
        double[] values = new double[names.size()];
        for (int k = 0; k < values.length; k++) {
            String n = names.get(k);
            values[k] = inFrame[n.charAt(1) - '1'][n.charAt(2) - '1'];
        }
        return new ElasticSymmetry(laue, q, names, values, inFrame, dev);
    }

    /** Voigt bulk modulus (C11 + C22 + C33 + 2(C12 + C13 + C23))/9 (GPa); (C11 + 2C12)/3 for cubic. */
    public double bulkModulus() {
        double[][] t = tensor;
        return (t[0][0] + t[1][1] + t[2][2] + 2 * (t[0][1] + t[0][2] + t[1][2])) / 9;
    }

    /** Whether the frame is the input's own axes (within 1e-9). */
    public boolean cellAxes() {
        for (int i = 0; i < 9; i++) if (Math.abs(frame[i] - (i % 4 == 0 ? 1 : 0)) > 1e-9) return false;
        return true;
    }

    /** The independent constants of each Laue class, in Nye's frames. */
    static List<String> independent(LaueClass laue) {
        switch (laue) {
            case CUBIC_HIGH: case CUBIC_LOW: return List.of("C11", "C12", "C44");
            case HEXAGONAL_HIGH: case HEXAGONAL_LOW: return List.of("C11", "C12", "C13", "C33", "C44");
            case TRIGONAL_HIGH: return List.of("C11", "C12", "C13", "C14", "C33", "C44");
            case TRIGONAL_LOW: return List.of("C11", "C12", "C13", "C14", "C15", "C33", "C44");
            case TETRAGONAL_HIGH: return List.of("C11", "C12", "C13", "C33", "C44", "C66");
            case TETRAGONAL_LOW: return List.of("C11", "C12", "C13", "C16", "C33", "C44", "C66");
            case ORTHORHOMBIC: return List.of("C11", "C12", "C13", "C22", "C23", "C33", "C44", "C55", "C66");
            case MONOCLINIC: return List.of("C11", "C12", "C13", "C15", "C22", "C23", "C25", "C33", "C35", "C44", "C46", "C55", "C66");
            default: {
                List<String> all = new ArrayList<>();
                for (int i = 1; i <= 6; i++) for (int j = i; j <= 6; j++) all.add("C" + i + j);
                return all;
            }
        }
    }

    /** C'_abcd = Q_ai Q_bj Q_ck Q_dl C_ijkl for a Voigt 6×6 stiffness (no factors: shear strains are engineering). */
    static double[][] rotate(double[][] c, double[] q) {
        double[][] out = new double[6][6];
        for (int a = 0; a < 3; a++) for (int b = a; b < 3; b++) for (int cc = 0; cc < 3; cc++) for (int d = cc; d < 3; d++) {
            double s = 0;
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
                double qij = q[3 * a + i] * q[3 * b + j];
                if (qij == 0) continue;
                for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) {
                    s += qij * q[3 * cc + k] * q[3 * d + l] * c[VOIGT[i][j]][VOIGT[k][l]];
                }
            }
            out[VOIGT[a][b]][VOIGT[cc][d]] = s;
        }
        return out;
    }

    /** Frames within this of the identity (max |Q − I|, about 0.06°) are the cell's axes: a relaxed cell is symmetric to ~1e-6 only. */
    static final double SAME_AXES = 1e-3;

    private static double[] frame(CrystalSymmetry sym) {
        double[] q = standardFrame(sym);
        double d = 0;
        for (int i = 0; i < 9; i++) d = Math.max(d, Math.abs(q[i] - (i % 4 == 0 ? 1 : 0)));
        return d < SAME_AXES ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : q;
    }

    private static double[] standardFrame(CrystalSymmetry sym) {
        List<double[]> two = axes(sym, 2);
        switch (sym.laueClass()) {
            case CUBIC_HIGH: return triad(axes(sym, 4));
            case CUBIC_LOW: case ORTHORHOMBIC: return triad(two);
            case HEXAGONAL_HIGH: case HEXAGONAL_LOW: return uniaxial(axes(sym, 6).get(0), two);
            case TRIGONAL_HIGH: case TRIGONAL_LOW: return uniaxial(axes(sym, 3).get(0), two);
            case TETRAGONAL_HIGH: case TETRAGONAL_LOW: return uniaxial(axes(sym, 4).get(0), two);
            case MONOCLINIC: {
                double[] y = positive(two.get(0));
                double[] x = perpendicular(y, List.of());
                double[] z = Rotations.cross(x, 0, y, 0);
                return rows(x, y, z);
            }
            default: return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
    }

    /** Distinct axes (up to sign) of the rotations of the given order. */
    private static List<double[]> axes(CrystalSymmetry sym, int order) {
        List<double[]> out = new ArrayList<>();
        for (double[] rot : sym.rotations()) {
            if (CrystalSymmetry.order(rot) != order) continue;
            double[] n = Rotations.axis(rot);
            boolean seen = false;
            for (double[] m : out) seen |= Math.abs(Rotations.dot(m, n)) > 0.99;
            if (!seen) out.add(n);
        }
        return out;
    }

    /** Three perpendicular axes assigned to x, y, z by their largest components, right-handed. */
    private static double[] triad(List<double[]> axes) {
        double[][] e = new double[3][];
        for (double[] n : axes) {
            double[] p = positive(n);
            int big = 0;
            for (int a = 1; a < 3; a++) if (Math.abs(p[a]) > Math.abs(p[big])) big = a;
            if (e[big] == null) e[big] = p;
        }
        if (e[0] == null || e[1] == null) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        return rows(e[0], e[1], Rotations.cross(e[0], 0, e[1], 0));
    }

    private static double[] uniaxial(double[] axis, List<double[]> twoFold) {
        double[] z = positive(axis);
        double[] x = perpendicular(z, twoFold);
        return rows(x, Rotations.cross(z, 0, x, 0), z);
    }

    /** Of the candidates perpendicular to {@code n}, the one nearest the x axis; else x (or y) projected off n. */
    private static double[] perpendicular(double[] n, List<double[]> candidates) {
        double[] best = null;
        for (double[] c : candidates) {
            if (Math.abs(Rotations.dot(c, n)) > 1e-3) continue;
            if (best == null || Math.abs(c[0]) > Math.abs(best[0]) + 1e-9) best = c;
        }
        if (best != null) return positive(best);
        double[] e = Math.abs(n[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double d = Rotations.dot(e, n);
        return positive(Rotations.unit(new double[] {e[0] - d * n[0], e[1] - d * n[1], e[2] - d * n[2]}));
    }

    /** n or −n, whichever has its largest component positive. */
    private static double[] positive(double[] n) {
        int big = 0;
        for (int a = 1; a < 3; a++) if (Math.abs(n[a]) > Math.abs(n[big]) + 1e-9) big = a;
        return n[big] < 0 ? Rotations.scale(n, -1) : n;
    }

    private static double[] rows(double[] x, double[] y, double[] z) {
        return new double[] {x[0], x[1], x[2], y[0], y[1], y[2], z[0], z[1], z[2]};
    }
}
