package org.polymorph.materials.internal.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.internal.properties.CrystalSymmetry.LaueClass;
import org.polymorph.materials.internal.symmetry.SpaceGroupFinder;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Laue classes of named lattices, primitive and centred cells, supercells, strained and rotated cells. */
class CrystalSymmetryTest {
    private static LaueClass laue(Atoms atoms) { return CrystalSymmetry.of(atoms, CrystalSymmetry.SYMPREC).laueClass(); }

    private static Atoms lattice(String name, int... repeat) { return Lattices.build(name, 4.0, repeat, "Ar", 39.948); }

    /** The cell and positions of {@code a} scaled by (sx, sy, sz) along x, y, z. */
    private static Atoms stretched(Atoms a, double sx, double sy, double sz) {
        double[] r = a.positions();
        double[] h = a.box().h();
        double[] s = {sx, sy, sz};
        for (int k = 0; k < r.length; k++) r[k] *= s[k % 3];
        for (int k = 0; k < 9; k++) h[k] *= s[k % 3];
        return new Atoms(r, a.types(), a.typeNames(), a.masses(), Box.periodic(h));
    }

    /** Positions and cell rotated by R (row-major): r' = R r. */
    static Atoms rotated(Atoms a, double[] rot) {
        double[] r = a.positions();
        double[] h = a.box().h();
        return new Atoms(apply(rot, r), a.types(), a.typeNames(), a.masses(), Box.periodic(apply(rot, h)));
    }

    private static double[] apply(double[] rot, double[] rows) {
        double[] out = new double[rows.length];
        for (int k = 0; k < rows.length / 3; k++) {
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) out[3 * k + i] += rot[3 * i + j] * rows[3 * k + j];
        }
        return out;
    }

    /** A rotation by angle t (rad) about the unit axis n (Rodrigues). */
    static double[] rotation(double[] n, double t) {
        double c = Math.cos(t), s = Math.sin(t), v = 1 - c;
        return new double[] {c + n[0] * n[0] * v, n[0] * n[1] * v - n[2] * s, n[0] * n[2] * v + n[1] * s,
            n[1] * n[0] * v + n[2] * s, c + n[1] * n[1] * v, n[1] * n[2] * v - n[0] * s,
            n[2] * n[0] * v - n[1] * s, n[2] * n[1] * v + n[0] * s, c + n[2] * n[2] * v};
    }

    @Test
    void namedLatticesHaveTheirLaueClass() {
        assertEquals(LaueClass.CUBIC_HIGH, laue(lattice("fcc", 1, 1, 1)));
        assertEquals(LaueClass.CUBIC_HIGH, laue(lattice("diamond", 2, 2, 2)));
        assertEquals(LaueClass.CUBIC_HIGH, laue(lattice("bcc", 1, 1, 1)));
        assertEquals(LaueClass.CUBIC_HIGH, laue(lattice("sc", 3, 1, 1)), "a 3x1x1 supercell keeps the crystal's symmetry");
        Atoms hcp = lattice("hcp", 1, 1, 1);
        CrystalSymmetry s = CrystalSymmetry.of(hcp, CrystalSymmetry.SYMPREC);
        assertEquals(LaueClass.HEXAGONAL_HIGH, s.laueClass(), "the orthohexagonal cell is C-centred: its 6-fold axis needs the centring");
        assertEquals(12, s.rotations().size());
        assertEquals("hexagonal", s.laueClass().system());
        assertEquals("6/mmm", s.laueClass().symbol());
    }

    @Test
    void primitiveCellsAndStrainsLowerOrKeepTheClass() {
        double h = 2.0;
        Atoms fccPrimitive = new Atoms(new double[3], new int[1], List.of("Ar"), new double[] {39.948},
                Box.periodic(new double[] {0, h, h, h, 0, h, h, h, 0}));
        assertEquals(LaueClass.CUBIC_HIGH, laue(fccPrimitive));
        assertEquals(LaueClass.TETRAGONAL_HIGH, laue(stretched(lattice("sc", 1, 1, 1), 1, 1, 1.1)));
        assertEquals(LaueClass.ORTHORHOMBIC, laue(stretched(lattice("fcc", 1, 1, 1), 1, 1.05, 1.1)));
        assertEquals(LaueClass.ORTHORHOMBIC, laue(stretched(lattice("hcp", 1, 1, 1), 1.05, 1, 1)), "hcp stretched along a");
        Atoms tri = new Atoms(new double[3], new int[1], List.of("Ar"), new double[] {39.948},
                Box.periodic(new double[] {4, 0, 0, 0.7, 4.3, 0, 0.4, 0.9, 4.9}));
        assertEquals(LaueClass.TRICLINIC, laue(tri));
        Atoms mono = new Atoms(new double[3], new int[1], List.of("Ar"), new double[] {39.948},
                Box.periodic(new double[] {4, 0, 0, 0, 4.3, 0, 0.9, 0, 4.9}));
        assertEquals(LaueClass.MONOCLINIC, laue(mono));
        Atoms rhombohedral = new Atoms(new double[3], new int[1], List.of("Ar"), new double[] {39.948},
                Box.periodic(new double[] {1, 0.3, 0.3, 0.3, 1, 0.3, 0.3, 0.3, 1}));
        assertEquals(LaueClass.TRIGONAL_HIGH, laue(rhombohedral));
    }

    @Test
    void aRotatedCrystalKeepsItsClassAndItsConstants() {
        double[] rot = rotation(new double[] {0.48, 0.6, 0.64}, 0.7);
        Atoms hcp = lattice("hcp", 1, 1, 1);
        CrystalSymmetry s = CrystalSymmetry.of(rotated(hcp, rot), CrystalSymmetry.SYMPREC);
        assertEquals(LaueClass.HEXAGONAL_HIGH, s.laueClass());
        // a transversely isotropic tensor (C11 = 200, C12 = 80, C13 = 60, C33 = 220, C44 = 50 GPa) seen from the rotated axes
        double[][] c = {{200, 80, 60, 0, 0, 0}, {80, 200, 60, 0, 0, 0}, {60, 60, 220, 0, 0, 0}, {0, 0, 0, 50, 0, 0}, {0, 0, 0, 0, 50, 0}, {0, 0, 0, 0, 0, 60}};
        double[][] seen = ElasticSymmetry.rotate(c, rot);
        ElasticSymmetry e = ElasticSymmetry.of(s, seen);
        assertEquals(List.of("C11", "C12", "C13", "C33", "C44"), e.names());
        assertArrayEquals(new double[] {200, 80, 60, 220, 50}, e.values(), 1e-6);
        assertFalse(e.cellAxes());
        assertTrue(e.deviation() < 1e-6, "the rotated tensor keeps the symmetry: " + e.deviation());
        assertEquals((200 + 200 + 220 + 2 * (80 + 60 + 60)) / 9.0, e.bulkModulus(), 1e-9);
        ElasticSymmetry own = ElasticSymmetry.of(CrystalSymmetry.of(hcp, CrystalSymmetry.SYMPREC), c);
        assertTrue(own.cellAxes(), "a crystal in its standard orientation keeps its axes");
        assertArrayEquals(new double[] {200, 80, 60, 220, 50}, own.values(), 1e-9);
    }

    @Test
    void theFindersRotationsOfATurnedCrystalAreOrthogonalAndKeepItsTurnedAxis() {
        // hcp turned by 0.7 rad about (0.48, 0.6, 0.64): the 24 rotations of 6/mmm in the turned frame
        double[] q = rotation(new double[] {0.48, 0.6, 0.64}, 0.7);
        double[][] rotations = new SpaceGroupFinder().find(rotated(lattice("hcp", 1, 1, 1), q), 1e-3, -1).rotations();
        assertEquals(24, rotations.length);
        double[] c = {q[2], q[5], q[8]};                              // Q·z, the turned 6-fold axis
        int sixFold = 0;
        for (double[] r : rotations) {
            double[] rrT = Box.matmul(r, new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]});
            for (int i = 0; i < 9; i++) assertEquals(i % 4 == 0 ? 1 : 0, rrT[i], 1e-9, "R Rᵀ = I");
            double[] rc = apply(r, c);
            assertEquals(1, Math.abs(rc[0] * c[0] + rc[1] * c[1] + rc[2] * c[2]), 1e-9, "R keeps the c axis up to its sign");
            if (Box.det(r) > 0 && Math.abs(r[0] + r[4] + r[8] - 2) < 1e-9) sixFold++;
        }
        assertEquals(2, sixFold, "the turns by ±60° about c");
    }

    @Test
    void everyClassListsNyesIndependentConstants() {
        int[] counts = {21, 13, 9, 7, 6, 7, 6, 5, 5, 3, 3};
        for (LaueClass l : LaueClass.values()) assertEquals(counts[l.ordinal()], ElasticSymmetry.independent(l).size(), l.name());
    }
}
