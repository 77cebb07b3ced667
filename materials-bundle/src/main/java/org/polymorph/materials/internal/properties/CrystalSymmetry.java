package org.polymorph.materials.internal.properties;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.internal.symmetry.SpaceGroupFinder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.symmetry.SymmetryFinder;

/**
 * The rotations of a periodic crystal and its Laue class: the point group's rotations come from the
 * space-group finder ({@link SpaceGroupFinder}, as spglib: Togo and Tanaka, arXiv:1808.01590), in the
 * Cartesian frame of the input cell.
 *
 * <p>Only the proper parts det(R)·R of the rotations are kept: a fourth-rank tensor such as the
 * elastic tensor is the same under R and −R, so the Laue class (the point group with the inversion
 * added) is what decides its independent constants (Nye, Physical Properties of Crystals, 1957, ch. VIII).
 */
public final class CrystalSymmetry {
    /** A Laue class with its crystal system; {@code high} tells 4/mmm from 4/m, −3m from −3, and so on. */
    public enum LaueClass {
        TRICLINIC("triclinic", "-1"), MONOCLINIC("monoclinic", "2/m"), ORTHORHOMBIC("orthorhombic", "mmm"),
        TETRAGONAL_LOW("tetragonal", "4/m"), TETRAGONAL_HIGH("tetragonal", "4/mmm"),
        TRIGONAL_LOW("trigonal", "-3"), TRIGONAL_HIGH("trigonal", "-3m"),
        HEXAGONAL_LOW("hexagonal", "6/m"), HEXAGONAL_HIGH("hexagonal", "6/mmm"),
        CUBIC_LOW("cubic", "m-3"), CUBIC_HIGH("cubic", "m-3m");

        private final String system;
        private final String symbol;

        LaueClass(String system, String symbol) {
            this.system = system;
            this.symbol = symbol;
        }

        /** The crystal system: triclinic, monoclinic, orthorhombic, tetragonal, trigonal, hexagonal or cubic. */
        public String system() { return system; }

        /** The Hermann–Mauguin symbol of the Laue class, e.g. 6/mmm. */
        public String symbol() { return symbol; }
    }

    /** Default position tolerance (Å), as pymatgen's SpacegroupAnalyzer. */
    public static final double SYMPREC = 0.01;

    private static final SymmetryFinder FINDER = new SpaceGroupFinder();

    private final List<double[]> rotations;
    private final LaueClass laue;

    private CrystalSymmetry(List<double[]> rotations) {
        this.rotations = List.copyOf(rotations);
        this.laue = classify(rotations);
    }

    /**
     * The symmetry of {@code atoms} (periodic on all axes) with position tolerance {@code symprec} (Å), from
     * the rotations of its point group; only the identity when no consistent space group exists at this tolerance.
     */
    public static CrystalSymmetry of(Atoms atoms, double symprec) {
        double[][] all;
        try {
            all = FINDER.find(atoms, symprec, -1).rotations();
        } catch (IllegalArgumentException e) {
            all = new double[][] {{1, 0, 0, 0, 1, 0, 0, 0, 1}};
        }
        List<double[]> found = new ArrayList<>();
        for (double[] r : all) {
            double[] rot = Rotations.orthonormal(r);
            double[] proper = Rotations.det(rot) < 0 ? Rotations.scale(rot, -1) : rot;
            if (!contains(found, proper)) found.add(proper);
        }
        return new CrystalSymmetry(found);
    }

    /** The distinct proper rotations of the Laue group (Cartesian 3×3, row-major; identity included). */
    public List<double[]> rotations() { return rotations; }

    public LaueClass laueClass() { return laue; }

    /** Rotation angle class of R from its trace 1 + 2cos θ: 1 (identity), 2, 3, 4 or 6. */
    static int order(double[] rot) {
        double tr = rot[0] + rot[4] + rot[8];
        if (tr > 2.5) return 1;
        if (tr > 1.5) return 6;
        if (tr > 0.5) return 4;
        if (tr > -0.5) return 3;
        return 2;
    }

    private static LaueClass classify(List<double[]> rots) {
        int[] count = new int[7];
        for (double[] rot : rots) count[order(rot)]++;
        int n = rots.size();
        if (count[3] == 8) return n == 24 ? LaueClass.CUBIC_HIGH : LaueClass.CUBIC_LOW;
        if (count[6] > 0) return n == 12 ? LaueClass.HEXAGONAL_HIGH : LaueClass.HEXAGONAL_LOW;
        if (count[3] > 0) return n == 6 ? LaueClass.TRIGONAL_HIGH : LaueClass.TRIGONAL_LOW;
        if (count[4] > 0) return n == 8 ? LaueClass.TETRAGONAL_HIGH : LaueClass.TETRAGONAL_LOW;
        if (n == 4) return LaueClass.ORTHORHOMBIC;
        return n == 2 ? LaueClass.MONOCLINIC : LaueClass.TRICLINIC;
    }

    private static boolean contains(List<double[]> rots, double[] rot) {
        for (double[] q : rots) {
            double d = 0;
            for (int i = 0; i < 9; i++) d = Math.max(d, Math.abs(q[i] - rot[i]));
            if (d < 1e-3) return true;
        }
        return false;
    }
}
