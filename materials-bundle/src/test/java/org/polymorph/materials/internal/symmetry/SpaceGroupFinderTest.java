package org.polymorph.materials.internal.symmetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.internal.properties.CrystalSymmetry;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;
import org.polymorph.materials.symmetry.SymmetryDataset;

/** Named crystals whose space groups are textbook facts (International Tables A; no peer needed). */
class SpaceGroupFinderTest {
    private final SpaceGroupFinder finder = new SpaceGroupFinder();

    @Test
    void diamondSiliconIsFd3mWithTwoAtomsInThePrimitiveCell() {
        SymmetryDataset d = finder.find(Lattices.build("diamond", 5.431, new int[] {2, 1, 1}, "Si", 28.085), 1e-3, -1);
        assertEquals(227, d.spacegroupNumber());
        assertEquals("Fd-3m", d.spacegroupSymbol());
        assertEquals("m-3m", d.pointgroup());
        assertEquals(525, d.hallNumber(), "origin choice 1, spglib's default");
        assertEquals(8, d.conventional().size());
        assertEquals(2, d.primitive().size());
        assertEquals(5.431, Math.sqrt(d.conventional().box().h(0, 0) * d.conventional().box().h(0, 0)), 1e-9);
        assertEquals(16 * 4 * 2, d.operationCount(), "the 2x1x1 cell keeps the 16 rotations of 4/mmm, each with 4 centrings x 2 cells (spglib: 128)");
        for (int e : d.equivalentAtoms()) assertEquals(0, e, "one orbit");
    }

    @Test
    void hcpIsP63mmcAndFccIsFm3mAndBccIsIm3m() {
        assertEquals(194, finder.find(Lattices.build("hcp", 3.21, new int[] {1, 1, 1}, "Mg", 24.305), 1e-3, -1).spacegroupNumber());
        assertEquals(225, finder.find(Lattices.build("fcc", 3.61, new int[] {1, 1, 1}, "Cu", 63.546), 1e-3, -1).spacegroupNumber());
        assertEquals(229, finder.find(Lattices.build("bcc", 2.87, new int[] {1, 1, 1}, "Fe", 55.845), 1e-3, -1).spacegroupNumber());
    }

    @Test
    void rutileIsP42mnm() {
        double u = 0.3048;
        Atoms rutile = crystal(new double[] {4.594, 0, 0, 0, 4.594, 0, 0, 0, 2.959}, List.of("Ti", "O"),
                new int[] {0, 0, 1, 1, 1, 1},
                new double[][] {{0, 0, 0}, {0.5, 0.5, 0.5}, {u, u, 0}, {-u, -u, 0}, {0.5 + u, 0.5 - u, 0.5}, {0.5 - u, 0.5 + u, 0.5}});
        SymmetryDataset d = finder.find(rutile, 1e-3, -1);
        assertEquals(136, d.spacegroupNumber());
        assertEquals("P4_2/mnm", d.spacegroupSymbol());
        assertArrayEquals(new int[] {0, 0, 2, 2, 2, 2}, d.equivalentAtoms());
    }

    @Test
    void anataseIsI41amd() {
        // Ti on 4a (0,0,0) and O on 8e (0,0,z), origin choice 1 of I4_1/amd; orbits from the table's operations
        HallSetting s = HallSettings.get().standard(141);
        List<double[]> ti = orbit(s, new double[] {0, 0, 0});
        List<double[]> o = orbit(s, new double[] {0, 0, 0.2081});
        assertEquals(4, ti.size());
        assertEquals(8, o.size());
        List<double[]> all = new ArrayList<>(ti);
        all.addAll(o);
        int[] types = new int[12];
        for (int i = 4; i < 12; i++) types[i] = 1;
        SymmetryDataset d = finder.find(crystal(new double[] {3.785, 0, 0, 0, 3.785, 0, 0, 0, 9.514}, List.of("Ti", "O"), types,
                all.toArray(new double[0][])), 1e-3, -1);
        assertEquals(141, d.spacegroupNumber());
        assertEquals(6, d.primitive().size());
    }

    @Test
    void wurtziteIsP63mcAndCubicPerovskiteIsPm3m() {
        double c = 5.207, a = 3.25, u = 0.382;
        double[] hex = {a, 0, 0, -a / 2, a * Math.sqrt(3) / 2, 0, 0, 0, c};
        Atoms wurtzite = crystal(hex, List.of("Zn", "O"), new int[] {0, 0, 1, 1},
                new double[][] {{1.0 / 3, 2.0 / 3, 0}, {2.0 / 3, 1.0 / 3, 0.5}, {1.0 / 3, 2.0 / 3, u}, {2.0 / 3, 1.0 / 3, 0.5 + u}});
        SymmetryDataset w = finder.find(wurtzite, 1e-3, -1);
        assertEquals(186, w.spacegroupNumber());
        assertEquals("P6_3mc", w.spacegroupSymbol());
        Atoms perovskite = crystal(new double[] {3.905, 0, 0, 0, 3.905, 0, 0, 0, 3.905}, List.of("Sr", "Ti", "O"), new int[] {0, 1, 2, 2, 2},
                new double[][] {{0, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}});
        SymmetryDataset p = finder.find(perovskite, 1e-3, -1);
        assertEquals(221, p.spacegroupNumber());
        assertArrayEquals(new int[] {0, 1, 2, 2, 2}, p.equivalentAtoms());
    }

    @Test
    void aDisplacementAboveSymprecLowersTheSymmetryAndOneBelowDoesNot() {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.085);
        double[] r = si.positions();
        r[2] += 0.01;
        assertEquals(227, finder.find(si.withPositions(r), 0.05, -1).spacegroupNumber());
        assertTrue(finder.find(si.withPositions(r), 1e-3, -1).spacegroupNumber() < 227);
    }

    @Test
    void theStandardisedCellOfARattledCrystalIsSymmetrisedExactly() {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.085);
        double[] r = si.positions();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < r.length; i++) r[i] += 1e-4 * random.nextGaussian();
        SymmetryDataset d = finder.find(si.withPositions(r), 1e-3, -1);
        assertEquals(227, d.spacegroupNumber());
        double[] inverse = Box.inverse(d.conventional().box().h());
        double[] x = d.conventional().positions();
        for (int a = 0; a < d.conventional().size(); a++) {
            for (int j = 0; j < 3; j++) {
                double f = 0;
                for (int k = 0; k < 3; k++) f += x[3 * a + k] * inverse[3 * k + j];
                // diamond's sites in the standard setting (origin choice 1) are multiples of 1/4
                assertEquals(0, 4 * f - Math.rint(4 * f), 1e-9, "atom " + a + " axis " + j + " at " + f);
            }
        }
    }

    @Test
    void theRotationsAreThePointGroupEvenWhereTheSupercellBreaksThem() {
        // 2x1x1 diamond: the cell keeps only 4/mmm (16 rotations), the crystal has all 48 of m-3m
        SymmetryDataset d = finder.find(Lattices.build("diamond", 5.431, new int[] {2, 1, 1}, "Si", 28.085), 1e-3, -1);
        assertEquals(48, d.rotations().length);
    }

    @Test
    void aShearedTrigonalCrystalGivesCrystalSymmetryTheGroupSpglibFinds() {
        // three general orbits of P3_221 (154) on a hexagonal cell whose a axis is tilted by 0.3°: at 0.01 Å spglib
        // finds C2 (5), point group 2, so the Laue class is 2/m with the rotations {1, 2}, a group
        HallSetting s = HallSettings.get().standard(154);
        List<double[]> frac = new ArrayList<>();
        int[] types = new int[18];
        double[][] seeds = {{0.647017, 0.121335, 0.600961}, {0.130303, 0.305404, 0.821175}, {0.570674, 0.579043, 0.356535}};
        for (int t = 0; t < 3; t++) {
            List<double[]> orbit = orbit(s, seeds[t]);
            assertEquals(6, orbit.size());
            for (int i = 0; i < 6; i++) types[frac.size() + i] = t;
            frac.addAll(orbit);
        }
        Atoms sheared = crystal(new double[] {3.447725, 0.018052, 0, -1.723863, 2.976791, 0, 0, 0, 4.909697}, List.of("A", "B", "C"),
                types, frac.toArray(new double[0][]));
        CrystalSymmetry c = CrystalSymmetry.of(sheared, CrystalSymmetry.SYMPREC);
        assertEquals(CrystalSymmetry.LaueClass.MONOCLINIC, c.laueClass());
        assertEquals(2, c.rotations().size());
        for (double[] a : c.rotations()) {
            for (double[] b : c.rotations()) {
                double[] ab = Box.matmul(a, b);
                boolean closed = false;
                for (double[] r : c.rotations()) {
                    double d = 0;
                    for (int i = 0; i < 9; i++) d = Math.max(d, Math.abs(ab[i] - r[i]));
                    closed |= d < 1e-6;
                }
                assertTrue(closed, "the rotations are closed under products");
            }
        }
    }

    @Test
    void aNonPositiveSymprecOrAClusterIsRefused() {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.085);
        assertThrows(IllegalArgumentException.class, () -> finder.find(si, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> finder.find(si.withBox(Box.free()), 1e-3, -1));
    }

    static List<double[]> orbit(HallSetting s, double[] x) {
        List<double[]> out = new ArrayList<>();
        for (Operation op : s.operations()) {
            double[] y = IntMatrix.apply(op.rotation(), x);
            for (int i = 0; i < 3; i++) y[i] += op.translation()[i];
            y = IntMatrix.wrap(y);
            boolean seen = false;
            for (double[] z : out) {
                double[] d = IntMatrix.wrapCentred(new double[] {y[0] - z[0], y[1] - z[1], y[2] - z[2]});
                seen |= Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) < 1e-9;
            }
            if (!seen) out.add(y);
        }
        return out;
    }

    /** Atoms from a cell (rows: vectors, Å) and fractional positions. */
    static Atoms crystal(double[] h, List<String> names, int[] types, double[][] frac) {
        double[] r = new double[3 * frac.length];
        for (int i = 0; i < frac.length; i++) {
            for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[3 * i + j] += frac[i][k] * h[3 * k + j];
        }
        double[] masses = new double[names.size()];
        java.util.Arrays.fill(masses, 1.0);
        return new Atoms(r, types, names, masses, Box.periodic(h));
    }
}
