package org.polymorph.materials.internal.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.StructureMatch;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Cases pinned without the pymatgen peer (values from pymatgen 2022.11.7 where a number is asserted). */
class SiteMatcherTest {
    private final SiteMatcher matcher = new SiteMatcher();

    @Test
    void aRotatedTranslatedPermutedCopyMatchesWithZeroRms() {
        StructureMatch m = matcher.match(Crystals.rutile(), Crystals.moved(Crystals.rutile(), new Random(1)), MatchOptions.defaults());
        assertTrue(m.match());
        assertEquals(0, m.best().get().rms(), 1e-10);
        assertEquals(0, m.best().get().maxDist(), 1e-10);
    }

    /** Two atoms of a low-symmetry cell displaced by 0.3 Å and 0.22 Å: pymatgen's fit True, get_rms_dist (0.049856647296389806, 0.0903728478752978). */
    @Test
    void displacedAtomsGivePymatgensRms() {
        Atoms a = Crystals.monoclinic();
        double[] r = a.positions();
        r[0] += 0.3;
        r[3 * 4 + 1] -= 0.2;
        r[3 * 4 + 2] += 0.1;
        for (MatchOptions o : new MatchOptions[] {MatchOptions.defaults(), MatchPairs.with(false, false, false, false, MatchOptions.SpeciesRule.EXACT)}) {
            StructureMatch m = matcher.match(a, a.withPositions(r), o);
            assertTrue(m.match());
            assertEquals(0.049856647296389806, m.best().get().rms(), 1e-9);
            assertEquals(0.0903728478752978, m.best().get().maxDist(), 1e-9);
        }
    }

    /** Atoms of b in reverse order: the mapping gives, for each atom of b, the atom of a it came from. */
    @Test
    void theMappingUndoesAPermutation() {
        Atoms a = Crystals.monoclinic();
        int n = a.size();
        double[] r = new double[3 * n];
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) r[3 * i + k] = a.x(n - 1 - i, k) + 0.7 * (k + 1);
            t[i] = a.type(n - 1 - i);
        }
        Atoms b = new Atoms(r, t, a.typeNames(), a.masses(), a.box());
        int[] map = matcher.match(a, b, MatchOptions.defaults()).best().get().mapping();
        assertArrayEquals(new int[] {5, 4, 3, 2, 1, 0}, map);
    }

    @Test
    void polymorphsDoNotMatch() {
        MatchOptions o = MatchOptions.defaults();
        assertFalse(matcher.match(Crystals.rutile(), Crystals.anatase(), o).match());
        assertFalse(matcher.match(Crystals.diamond(), Crystals.lonsdaleite(), o).match());
        assertFalse(matcher.match(Crystals.fcc(), Crystals.hcp(), o).match());
        assertFalse(matcher.match(Crystals.zincblende(), Crystals.wurtzite(), o).match());
    }

    @Test
    void aSupercellMatchesOnlyWhenSupercellsAreAttempted() {
        Atoms a = Crystals.wurtzite();
        Atoms b = Crystals.moved(Crystals.supercell(a, new int[] {1, 1, 0, 0, 1, 0, 1, 0, 2}), new Random(3));
        StructureMatch with = matcher.match(a, b, MatchPairs.with(false, true, true, false, MatchOptions.SpeciesRule.EXACT));
        assertTrue(with.match());
        assertEquals(0, with.best().get().rms(), 1e-10);
        int[] map = with.best().get().mapping();
        for (int k = 0; k < b.size(); k++) assertEquals(b.typeNames().get(b.type(k)), a.typeNames().get(a.type(map[k])), "atom " + k);
        assertFalse(matcher.match(a, b, MatchPairs.with(false, true, false, false, MatchOptions.SpeciesRule.EXACT)).match());
        assertTrue(matcher.match(a, b, MatchOptions.defaults()).match(), "primitive reduction makes them equal in size");
    }

    @Test
    void rattlingBeyondStolAndStrainBeyondLtolAreDifferentStructures() {
        Random rnd = new Random(5);
        assertFalse(matcher.match(Crystals.monoclinic(), Crystals.rattled(Crystals.monoclinic(), 0.6, rnd), MatchOptions.defaults()).match());
        assertFalse(matcher.match(Crystals.rutile(), Crystals.stretched(Crystals.rutile(), 0.6), MatchOptions.defaults()).match());
        assertTrue(matcher.match(Crystals.rutile(), Crystals.stretched(Crystals.rutile(), 0.1), MatchOptions.defaults()).match());
    }

    @Test
    void speciesAnyMatchesTheFramework() {
        MatchOptions any = MatchPairs.with(true, true, false, false, MatchOptions.SpeciesRule.ANY);
        assertTrue(matcher.match(Crystals.zincblende(), Crystals.diamond(), any).match());
        assertFalse(matcher.match(Crystals.zincblende(), Crystals.diamond(), MatchOptions.defaults()).match());
    }

    @Test
    void aCellNotPeriodicOnAllAxesIsRefused() {
        Atoms cluster = new Atoms(new double[] {0, 0, 0, 1, 1, 1}, new int[2], java.util.List.of("Si"), new double[] {28.085}, Box.free());
        assertThrows(IllegalArgumentException.class, () -> matcher.match(cluster, Crystals.diamond(), MatchOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new MatchOptions(0, 0.3, 5, true, true, false, false, MatchOptions.SpeciesRule.EXACT));
    }
}
