package org.polymorph.materials.internal.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.symmetry.SymmetryDataset;
import org.polymorph.materials.symmetry.SymmetryFinder;

/**
 * Space-group finding as spglib does it (Togo &amp; Tanaka, arXiv 1808.01590): Delaunay reduction,
 * primitive cell by pure translations, the lattice's point group with tolerance, the operations of
 * the primitive cell, its point group and crystal system, conventional axes, the standard Hall
 * setting matched with a change of basis and an origin shift, then the standardised cells and the
 * orbits of the atoms. When the operations found do not form one of the 32 point groups or match no
 * setting, the search is repeated with symprec (and a positive angle tolerance) reduced by 5 %, up to 100
 * times, as spglib does.
 */
public final class SpaceGroupFinder implements SymmetryFinder {
    private static final int RETRIES = 100;

    private final HallSettings settings;
    private final WyckoffPositions wyckoff;

    public SpaceGroupFinder() { this(HallSettings.get(), WyckoffPositions.get()); }

    SpaceGroupFinder(HallSettings settings, WyckoffPositions wyckoff) {
        this.settings = settings;
        this.wyckoff = wyckoff;
    }

    @Override
    public SymmetryDataset find(Atoms atoms, double symprec, double angleTolerance) {
        if (!atoms.box().allPeriodic()) throw new IllegalArgumentException("the structure is not periodic along all three axes");
        if (!(symprec > 0)) throw new IllegalArgumentException("symprec must be positive, got " + symprec);
        double tol = symprec;
        double angle = angleTolerance;
        for (int attempt = 0; attempt <= RETRIES; attempt++, tol *= 0.95, angle *= 0.95) {
            SymmetryDataset d = attempt(atoms, tol, angle);
            if (d != null) return d;
        }
        throw new IllegalArgumentException("no consistent space group at symprec " + symprec + " Å (nor down to 0.6 % of it)");
    }

    private SymmetryDataset attempt(Atoms atoms, double symprec, double angleTolerance) {
        double[] lattice = IntMatrix.transpose(atoms.box().h());
        double[] inverse = Box.inverse(lattice);
        double[][] frac = new double[atoms.size()][];
        for (int i = 0; i < atoms.size(); i++) {
            frac[i] = IntMatrix.wrap(IntMatrix.apply(inverse, new double[] {atoms.x(i, 0), atoms.x(i, 1), atoms.x(i, 2)}));
        }
        Cell input = new Cell(lattice, frac, atoms.types());
        Cell reduced = input.changeBasis(IntMatrix.toDouble(Delaunay.reduce(lattice)));
        PrimitiveSearch.Primitive primitive = PrimitiveSearch.of(reduced, symprec);
        if (primitive == null) return null;
        Cell cell = primitive.cell();
        OperationSearch.Found found = OperationSearch.of(cell, LatticePointGroup.of(cell.lattice(), symprec, angleTolerance), symprec);
        List<int[]> rotations = found.operations().stream().map(Operation::rotation).toList();
        String pointgroup = settings.pointgroup(rotations);
        if (pointgroup == null) return null;
        CrystalSystem system = settings.crystalSystem(pointgroup);
        int[] axes = ConventionalAxes.of(system, rotations, cell.lattice());
        double[] p = IntMatrix.toDouble(axes);
        double[] pInverse = Box.inverse(p);
        List<Operation> conventional = new ArrayList<>();
        for (double[] c : centrings(axes, pInverse)) {
            for (Operation op : found.operations()) {
                int[] w = IntMatrix.conjugate(op.rotation(), p, pInverse);
                if (w == null) return null;
                double[] t = IntMatrix.apply(pInverse, op.translation());
                conventional.add(new Operation(w, IntMatrix.wrap(new double[] {t[0] + c[0], t[1] + c[1], t[2] + c[2]})));
            }
        }
        SettingMatcher matcher = new SettingMatcher(settings, translationTolerance(cell, symprec));
        SettingMatcher.Match match = matcher.match(conventional, system == CrystalSystem.TRICLINIC);
        if (match == null) return null;
        if (system != CrystalSystem.TRICLINIC) {
            double[] standard = Box.matmul(cell.lattice(), Box.matmul(p, IntMatrix.toDouble(match.change())));
            match = matcher.nearestInput(conventional, match, Box.matmul(Box.inverse(lattice), Box.matmul(cell.lattice(), p)),
                    Box.matmul(IntMatrix.transpose(standard), standard));
        }
        CellChoice.Choice choice = CellChoice.of(system, matcher, conventional, axes, match, cell.lattice());
        Atoms[] cells = Standardizer.cells(cell, choice.transform(), choice.origin(), match.setting(), atoms);
        HallSetting s = match.setting();
        List<int[]> ofInput = inputCellPermutations(found, lattice, cell.lattice());
        return new SymmetryDataset(s.number(), s.symbol(), s.hall(), pointgroup, ofInput.size() * primitive.size(),
                equivalentAtoms(ofInput, primitive.toPrimitive(), cell.size()),
                wyckoffs(cells[0], s, primitive.toPrimitive(), cell.size(), symprec), cells[0], cells[1],
                cartesian(rotations, cell.lattice()));
    }

    /**
     * The Wyckoff letter of each input atom: that of its atom in the conventional cell, whose first
     * {@code primitiveSize} atoms are the primitive cell's in order (see {@link Standardizer#cells}).
     */
    private List<String> wyckoffs(Atoms conventional, HallSetting setting, int[] toPrimitive, int primitiveSize, double symprec) {
        double[] lattice = IntMatrix.transpose(conventional.box().h());
        double[] inverse = Box.inverse(lattice);
        double[][] frac = new double[conventional.size()][];
        for (int i = 0; i < frac.length; i++) frac[i] = IntMatrix.apply(inverse, new double[] {conventional.x(i, 0), conventional.x(i, 1), conventional.x(i, 2)});
        WyckoffAssigner assigner = new WyckoffAssigner(wyckoff, setting, new Cell(lattice, frac, conventional.types()), symprec);
        String[] letters = new String[primitiveSize];
        List<String> out = new ArrayList<>(toPrimitive.length);
        for (int i : toPrimitive) {
            if (letters[i] == null) letters[i] = assigner.letter(i);
            out.add(letters[i]);
        }
        return out;
    }

    /** Each rotation W (fractions of the basis L, whose columns are the lattice vectors in Å) as R = L W L⁻¹, row-major. */
    private static double[][] cartesian(List<int[]> rotations, double[] lattice) {
        double[] inverse = Box.inverse(lattice);
        double[][] out = new double[rotations.size()][];
        for (int k = 0; k < out.length; k++) out[k] = Box.matmul(Box.matmul(lattice, IntMatrix.toDouble(rotations.get(k))), inverse);
        return out;
    }

    /**
     * The permutations of the operations that are also operations of the input cell (integer rotation in
     * its basis): in a supercell that breaks a rotation of the crystal, spglib's orbits exclude that rotation.
     */
    private static List<int[]> inputCellPermutations(OperationSearch.Found found, double[] inputLattice, double[] primitiveLattice) {
        double[] m = Box.matmul(Box.inverse(inputLattice), primitiveLattice);
        double[] mInverse = Box.inverse(m);
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < found.operations().size(); k++) {
            if (IntMatrix.conjugate(found.operations().get(k).rotation(), mInverse, m) != null) out.add(found.permutations().get(k));
        }
        return out;
    }

    /** Mismatch allowed between translations (fractions): the position tolerance over the shortest primitive vector, within [0.005, 0.025]. */
    private static double translationTolerance(Cell cell, double symprec) {
        double shortest = Double.MAX_VALUE;
        for (int j = 0; j < 3; j++) shortest = Math.min(shortest, Math.sqrt(ConventionalAxes.length2(cell.lattice(), IntMatrix.column(IntMatrix.IDENTITY, j))));
        return Math.max(0.005, Math.min(0.025, 4 * symprec / shortest));
    }

    /** The lattice points of the primitive cell inside the conventional cell P: P⁻¹·n mod 1. */
    private static List<double[]> centrings(int[] axes, double[] pInverse) {
        int d = IntMatrix.det(axes);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double[] c = IntMatrix.wrap(IntMatrix.apply(pInverse, new double[] {i, j, k}));
                    for (int m = 0; m < 3; m++) if (c[m] > 1 - 1e-9) c[m] = 0;
                    boolean seen = false;
                    for (double[] e : out) seen |= Math.abs(e[0] - c[0]) + Math.abs(e[1] - c[1]) + Math.abs(e[2] - c[2]) < 1e-6;
                    if (!seen) out.add(c);
                }
            }
        }
        return out;
    }

    /** For each input atom the smallest input index in its orbit under the operations and pure translations. */
    private static int[] equivalentAtoms(List<int[]> permutations, int[] toPrimitive, int primitiveSize) {
        int[] root = new int[primitiveSize];
        for (int i = 0; i < primitiveSize; i++) root[i] = i;
        for (int[] perm : permutations) {
            for (int i = 0; i < primitiveSize; i++) {
                int a = find(root, i), b = find(root, perm[i]);
                if (a != b) root[Math.max(a, b)] = Math.min(a, b);
            }
        }
        int[] first = new int[primitiveSize];
        java.util.Arrays.fill(first, -1);
        int[] out = new int[toPrimitive.length];
        for (int i = 0; i < toPrimitive.length; i++) {
            int orbit = find(root, toPrimitive[i]);
            if (first[orbit] < 0) first[orbit] = i;
            out[i] = first[orbit];
        }
        return out;
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) i = root[i];
        return i;
    }
}
