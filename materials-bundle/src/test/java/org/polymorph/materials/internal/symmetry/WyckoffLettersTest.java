package org.polymorph.materials.internal.symmetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.materials.internal.symmetry.SpaceGroupFinderTest.crystal;
import static org.polymorph.materials.internal.symmetry.SpaceGroupFinderTest.orbit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.structure.Lattices;
import org.polymorph.materials.symmetry.SymmetryDataset;

/** Wyckoff letters of named crystals (International Tables A; no peer needed) and the consistency of the table. */
class WyckoffLettersTest {
    private final SpaceGroupFinder finder = new SpaceGroupFinder();

    @Test
    void rockSaltHasNaOn4aAndClOn4bAndTheOtherWayRoundWhenClSitsAtTheOrigin() {
        double[][] fcc = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
        double[] cube = {5.64, 0, 0, 0, 5.64, 0, 0, 0, 5.64};
        double[][] frac = new double[8][];
        for (int i = 0; i < 4; i++) {
            frac[i] = fcc[i];
            frac[4 + i] = new double[] {fcc[i][0] + 0.5, fcc[i][1], fcc[i][2]};
        }
        SymmetryDataset d = finder.find(crystal(cube, List.of("Na", "Cl"), new int[] {0, 0, 0, 0, 1, 1, 1, 1}, frac), 1e-3, -1);
        assertEquals(225, d.spacegroupNumber());
        assertEquals(List.of("a", "a", "a", "a", "b", "b", "b", "b"), d.wyckoffs());
        // the same crystal with the species swapped: spglib keeps the origin on the atom at (0,0,0), now Cl
        SymmetryDataset swapped = finder.find(crystal(cube, List.of("Na", "Cl"), new int[] {1, 1, 1, 1, 0, 0, 0, 0}, frac), 1e-3, -1);
        assertEquals(List.of("a", "a", "a", "a", "b", "b", "b", "b"), swapped.wyckoffs());
    }

    @Test
    void rutileHasTiOn2aAndOOn4f() {
        double u = 0.3048;
        SymmetryDataset d = finder.find(crystal(new double[] {4.594, 0, 0, 0, 4.594, 0, 0, 0, 2.959}, List.of("Ti", "O"),
                new int[] {0, 0, 1, 1, 1, 1},
                new double[][] {{0, 0, 0}, {0.5, 0.5, 0.5}, {u, u, 0}, {-u, -u, 0}, {0.5 + u, 0.5 - u, 0.5}, {0.5 - u, 0.5 + u, 0.5}}), 1e-3, -1);
        assertEquals(List.of("a", "a", "f", "f", "f", "f"), d.wyckoffs());
    }

    @Test
    void diamondSiliconIsOn8aInASupercellToo() {
        SymmetryDataset d = finder.find(Lattices.build("diamond", 5.431, new int[] {2, 1, 1}, "Si", 28.085), 1e-3, -1);
        assertEquals(Collections.nCopies(16, "a"), d.wyckoffs());
    }

    @Test
    void perovskiteHasSrOn1aTiOn1bAndOOn3c() {
        SymmetryDataset d = finder.find(crystal(new double[] {3.905, 0, 0, 0, 3.905, 0, 0, 0, 3.905}, List.of("Sr", "Ti", "O"), new int[] {0, 1, 2, 2, 2},
                new double[][] {{0, 0, 0}, {0.5, 0.5, 0.5}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}}), 1e-3, -1);
        assertEquals(List.of("a", "b", "c", "c", "c"), d.wyckoffs());
    }

    @Test
    void anataseHasTiOn4aAndOOn8e() {
        HallSetting s = HallSettings.get().standard(141);
        List<double[]> all = new ArrayList<>(orbit(s, new double[] {0, 0, 0}));
        all.addAll(orbit(s, new double[] {0, 0, 0.2081}));
        int[] types = new int[12];
        for (int i = 4; i < 12; i++) types[i] = 1;
        SymmetryDataset d = finder.find(crystal(new double[] {3.785, 0, 0, 0, 3.785, 0, 0, 0, 9.514}, List.of("Ti", "O"), types,
                all.toArray(new double[0][])), 1e-3, -1);
        List<String> expected = new ArrayList<>(Collections.nCopies(4, "a"));
        expected.addAll(Collections.nCopies(8, "e"));
        assertEquals(expected, d.wyckoffs());
    }

    @Test
    void theTableHasTheTypesPositionsLetteredWithoutGapsAndEachPointHasItsMultiplicity() {
        int total = 0;
        for (int number = 1; number <= 230; number++) {
            HallSetting s = HallSettings.get().standard(number);
            List<WyckoffPositions.Position> positions = WyckoffPositions.get().of(s.hall());
            total += positions.size();
            for (int k = 0; k < positions.size(); k++) {
                WyckoffPositions.Position p = positions.get(k);
                assertEquals(String.valueOf("abcdefghijklmnopqrstuvwxyzA".charAt(k)), p.letter(), "type " + number);
                assertEquals(p.multiplicity(), orbit(s, p.point()).size(), "type " + number + " position " + p.letter());
            }
            WyckoffPositions.Position general = positions.get(positions.size() - 1);
            assertEquals(s.operations().size(), general.multiplicity(), "type " + number + ": the general position is the last");
            assertEquals(3, general.basis().length);
            assertTrue(positions.subList(0, positions.size() - 1).stream().allMatch(p -> p.basis().length < 3), "type " + number);
        }
        // International Tables A list 1731 Wyckoff positions over the 230 types
        assertEquals(1731, total);
    }
}
