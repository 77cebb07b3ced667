package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The standardised cells of a structure whose space group has been matched, with spglib's
 * conventions (https://spglib.readthedocs.io, "Definitions and conventions"): the conventional cell
 * of the standard Hall setting, its lattice idealised to the crystal system's metric (lengths and
 * angles averaged as the system requires, hexagonal axes for trigonal types) and turned so that a lies
 * along x and b in the xy plane; the primitive cell obtained from it by spglib's matrices P_A, P_C,
 * P_I, P_F, P_R, (a_p b_p c_p) = (a_s b_s c_s)·P.
 */
final class Standardizer {
    private static final double H = 0.5, T = 1.0 / 3;
    /** spglib's conventional-to-primitive matrices (row-major), by lattice letter. */
    private static final Map<Character, double[]> TO_PRIMITIVE = Map.of(
            'P', IntMatrix.toDouble(IntMatrix.IDENTITY),
            'A', new double[] {1, 0, 0, 0, H, -H, 0, H, H},
            'C', new double[] {H, H, 0, -H, H, 0, 0, 0, 1},
            'I', new double[] {-H, H, H, H, -H, H, H, H, -H},
            'F', new double[] {0, H, H, H, 0, H, H, H, 0},
            'R', new double[] {2 * T, -T, -T, T, T, -2 * T, T, T, T});

    private Standardizer() { }

    /**
     * Conventional and primitive cells; {@code transform}: columns of the standard basis in the primitive cell's
     * basis. Positions are symmetrised with the setting's exact operations: each atom moves to the mean of the
     * images that land on it, so that every operation holds to rounding, as in spglib's cells.
     */
    static Atoms[] cells(Cell primitive, double[] transform, double[] origin, HallSetting setting, Atoms like) {
        double[] tInverse = Box.inverse(transform);
        List<double[]> sites = new ArrayList<>();
        for (double[] x : primitive.frac()) sites.add(PrimitiveSearch.sub(IntMatrix.apply(tInverse, x), origin));
        double[] lattice = idealised(Box.matmul(primitive.lattice(), transform), setting.crystalSystem());
        List<double[]> conventional = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (double[] c : setting.centrings()) {
            for (int i = 0; i < sites.size(); i++) {
                double[] x = sites.get(i);
                conventional.add(IntMatrix.wrap(new double[] {x[0] + c[0], x[1] + c[1], x[2] + c[2]}));
                types.add(primitive.types()[i]);
            }
        }
        int[] typeArray = types.stream().mapToInt(Integer::intValue).toArray();
        conventional = symmetrised(lattice, conventional, typeArray, setting);
        double[] p = TO_PRIMITIVE.get(setting.centring());
        double[] pInverse = Box.inverse(p);
        List<double[]> prim = new ArrayList<>();
        // the first centring is the zero one: the first sites are one copy of the primitive cell
        for (int i = 0; i < sites.size(); i++) prim.add(IntMatrix.wrap(IntMatrix.apply(pInverse, conventional.get(i))));
        return new Atoms[] {atoms(lattice, conventional, typeArray, like),
            atoms(Box.matmul(lattice, p), prim, primitive.types(), like)};
    }

    /**
     * Positions averaged over their images (the nearest atom of the type) under one operation per rotation of
     * the setting, the centrings mapping the cell exactly already. When the images do not pair the atoms one
     * to one, the positions are returned as they are.
     */
    static List<double[]> symmetrised(double[] lattice, List<double[]> x, int[] types, HallSetting setting) {
        Cell cell = new Cell(lattice, x.toArray(new double[0][]), types);
        int n = x.size();
        double[][] shift = new double[n][3];
        int[] count = new int[n];
        for (Operation op : setting.byRotation().values()) {
            for (int i = 0; i < n; i++) {
                double[] y = IntMatrix.apply(op.rotation(), x.get(i));
                for (int c = 0; c < 3; c++) y[c] += op.translation()[c];
                int k = cell.nearest(y, types[i]);
                double[] d = IntMatrix.wrapCentred(PrimitiveSearch.sub(y, x.get(k)));
                for (int c = 0; c < 3; c++) shift[k][c] += d[c];
                count[k]++;
            }
        }
        int operations = setting.byRotation().size();
        for (int k = 0; k < n; k++) if (count[k] != operations) return x;
        List<double[]> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double[] xk = x.get(k);
            out.add(IntMatrix.wrap(new double[] {xk[0] + shift[k][0] / count[k], xk[1] + shift[k][1] / count[k], xk[2] + shift[k][2] / count[k]}));
        }
        return out;
    }

    private static Atoms atoms(double[] lattice, List<double[]> frac, int[] types, Atoms like) {
        double[] r = new double[3 * frac.size()];
        for (int i = 0; i < frac.size(); i++) System.arraycopy(IntMatrix.apply(lattice, frac.get(i)), 0, r, 3 * i, 3);
        return new Atoms(r, types, like.typeNames(), like.masses(), Box.periodic(IntMatrix.transpose(lattice)));
    }

    /** The lattice (columns) with the metric of the crystal system, a along x, b in the xy plane. */
    static double[] idealised(double[] lattice, CrystalSystem system) {
        double[] g = Box.matmul(IntMatrix.transpose(lattice), lattice);
        double a = Math.sqrt(g[0]), b = Math.sqrt(g[4]), c = Math.sqrt(g[8]);
        double alpha = Math.acos(g[5] / (b * c)), beta = Math.acos(g[2] / (a * c)), gamma = Math.acos(g[1] / (a * b));
        double right = Math.PI / 2;
        switch (system) {
            case TRICLINIC -> { }
            case MONOCLINIC -> { alpha = right; gamma = right; }
            case ORTHORHOMBIC -> { alpha = right; beta = right; gamma = right; }
            case TETRAGONAL -> { a = b = (a + b) / 2; alpha = beta = gamma = right; }
            case TRIGONAL, HEXAGONAL -> { a = b = (a + b) / 2; alpha = beta = right; gamma = 2 * Math.PI / 3; }
            case CUBIC -> { a = b = c = (a + b + c) / 3; alpha = beta = gamma = right; }
        }
        double cx = c * Math.cos(beta);
        double cy = c * (Math.cos(alpha) - Math.cos(beta) * Math.cos(gamma)) / Math.sin(gamma);
        double cz = Math.sqrt(Math.max(0, c * c - cx * cx - cy * cy));
        return IntMatrix.transpose(new double[] {a, 0, 0, b * Math.cos(gamma), b * Math.sin(gamma), 0, cx, cy, cz});
    }
}
