package org.polymorph.materials.internal.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Ranking and grouping with test doubles for the space-group finder and the structure matcher. */
class RankingTest {
    /** n Si atoms on a line in a cubic box of edge {@code a}. */
    static Atoms atoms(int n, double a) {
        double[] r = new double[3 * n];
        for (int i = 0; i < n; i++) r[3 * i] = i * a / n;
        return Atoms.of(r, "Si", 28.0855, Box.orthorhombic(a, a, a));
    }

    /** Space group "by atom count" and "by box edge" (doubles: a real finder looks at the whole structure). */
    static final SpaceGroupOf BY_COUNT = (a, symprec) -> a.size() == 8 ? new SpaceGroupOf.Classified(227, "Fd-3m") : new SpaceGroupOf.Classified(194, "P6_3/mmc");
    static final SameStructure SAME_BOX = (a, b) -> Math.abs(a.box().volume() - b.box().volume()) < 1e-9 ? OptionalDouble.of(0.01) : OptionalDouble.empty();

    static List<Ranking.Candidate> candidates() {
        return List.of(new Ranking.Candidate(0, "Si", atoms(4, 5), -4.0), new Ranking.Candidate(1, "Si", atoms(8, 5), -4.3366),
                new Ranking.Candidate(2, "Si", atoms(8, 5), -4.3363), new Ranking.Candidate(3, "Si", atoms(4, 6), -4.3364),
                new Ranking.Candidate(4, "Si", atoms(8, 5), -4.3366), new Ranking.Candidate(5, "OSi", atoms(2, 5), -4.3366));
    }

    @Test
    void ranksByEnergyPerAtomThenIndex() {
        List<Ranking.Candidate> r = Ranking.rank(candidates());
        assertEquals(List.of(1, 4, 5, 3, 2, 0), r.stream().map(Ranking.Candidate::index).toList());
    }

    @Test
    void groupsWithTheDoublesByCompositionEnergySpaceGroupAndMatch() {
        List<Ranking.Candidate> r = Ranking.rank(candidates());
        Map<Integer, SpaceGroupOf.Classified> sg = Ranking.classify(r, Optional.of(BY_COUNT), 0.01);
        assertEquals(6, sg.size());
        assertEquals(227, sg.get(1).number());
        List<Ranking.Group> g = Ranking.group(r, 0.001, Optional.of(SAME_BOX), sg);
        // 1, 4 and 2 (8 atoms, same box, within 1 meV); 5 another composition; 3 another space group; 0 far above
        assertEquals(List.of(List.of(1, 4, 2), List.of(5), List.of(3), List.of(0)), g.stream().map(Ranking.Group::members).toList());
        assertEquals("Fd-3m", g.get(0).spaceGroup().orElseThrow().symbol());
        assertEquals(-4.3366, g.get(0).lowest().energyPerAtom());
        assertEquals(3, g.get(0).count());
        // a matcher that refuses everything leaves every candidate alone
        assertEquals(6, Ranking.group(r, 0.001, Optional.of((a, b) -> OptionalDouble.empty()), sg).size());
        // without finder and matcher: composition and energy alone (3 joins 1's group, 0.2 meV away)
        List<Ranking.Group> plain = Ranking.group(r, 0.001, Optional.empty(), Ranking.classify(r, Optional.empty(), 0.01));
        assertEquals(List.of(List.of(1, 4, 3, 2), List.of(5), List.of(0)), plain.stream().map(Ranking.Group::members).toList());
        assertEquals(Optional.empty(), plain.get(0).spaceGroup());
    }
}
