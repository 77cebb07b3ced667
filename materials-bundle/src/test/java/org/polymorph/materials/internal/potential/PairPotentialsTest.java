package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Morse and soft sphere: known values, fused kernel against autodiff, GradCheck. */
class PairPotentialsTest {
    private static Atoms dimer(double r) { return Atoms.of(new double[] {0, 0, 0, r, 0, 0}, "X", 1, Box.free()); }

    private static Atoms binary(Atoms a) {
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) t[i] = (i * 7) % 3 == 0 ? 1 : 0;
        return new Atoms(a.positions(), t, List.of("A", "B"), new double[] {1, 2}, a.box());
    }

    @Test
    void morseDimerHasItsMinimumAtR0AndTheShiftZeroesTheCutoff() {
        Morse m = new Morse(0.35, 1.4, 2.5, 6.0, false);
        Evaluation ev = m.compute(dimer(2.5), PotentialChecks.list(m, dimer(2.5)));
        assertEquals(-0.35, ev.energy(), 1e-15);
        assertEquals(0, ev.forces()[0], 1e-15);
        Morse shifted = new Morse(0.35, 1.4, 2.5, 6.0, true);
        double x = Math.exp(-1.4 * 3.5);
        assertEquals(-0.35 - 0.35 * (x * x - 2 * x), shifted.pairEnergy(2.5, 0), 1e-15);
        assertEquals(0, shifted.pairEnergy(6.0, 0), 1e-16);
        // r = 2 Å is on the repulsive side: the force pushes the atoms apart
        Evaluation close = m.compute(dimer(2.0), PotentialChecks.list(m, dimer(2.0)));
        assertTrue(close.forces()[3] > 0 && close.forces()[0] < 0);
    }

    @Test
    void morseAutodiffAgreesWithTheFusedKernelAndPassesGradCheck() {
        Atoms fcc = binary(EamTest.jiggled(Lattices.build("fcc", 3.6, new int[] {2, 2, 2}, "Cu", 63.55)));
        Morse m = new Morse(new double[] {0.34, 0.30, 0.30, 0.25}, new double[] {1.36, 1.2, 1.2, 1.5},
                new double[] {2.62, 2.7, 2.7, 2.8}, 5.5, true);
        PotentialChecks.assertAutodiffMatchesFused(m, fcc, 1e-10, 1e-11, 1e-10);
        PotentialChecks.gradCheckPositions(m, fcc);
        PotentialChecks.gradCheckParameters(m, fcc);
    }

    @Test
    void softSphereKnownValuesAndAgreement() {
        SoftSphere s = new SoftSphere(2.0, 1.0, 2.5);
        Evaluation ev = s.compute(dimer(0.5), PotentialChecks.list(s, dimer(0.5)));
        assertEquals(2.0 / 2.5 * Math.pow(0.5, 2.5), ev.energy(), 1e-15);
        assertEquals(-2.0 * Math.pow(0.5, 1.5), ev.forces()[0], 1e-15);   // −dφ/dr = ε/σ (1 − r/σ)^{α−1}, on atom 0 towards −x
        assertEquals(0, s.compute(dimer(1.0), PotentialChecks.list(s, dimer(1.0))).energy(), 0);
        // a compressed binary packing: σ_AA = 1, σ_BB = 1.4, σ_AB = 1.2, cell such that many pairs overlap
        Atoms packing = binary(EamTest.jiggled(Lattices.build("fcc", 1.5, new int[] {3, 3, 3}, "X", 1)));
        SoftSphere bi = new SoftSphere(new double[] {1, 1.5, 1.5, 2}, new double[] {1, 1.2, 1.2, 1.4}, 2);
        Evaluation e2 = PotentialChecks.assertAutodiffMatchesFused(bi, packing, 1e-11, 1e-11, 1e-10);
        assertTrue(e2.energy() > 1, "overlapping discs store energy: " + e2.energy());
        Atoms small = binary(EamTest.jiggled(Lattices.build("fcc", 1.5, new int[] {1, 1, 2}, "X", 1)));
        PotentialChecks.gradCheckPositions(bi, small);
        PotentialChecks.gradCheckParameters(new SoftSphere(new double[] {1, 1.5, 1.5, 2}, new double[] {1, 1.2, 1.2, 1.4}, 2.5), small);
    }

    @Test
    void badPairTablesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Morse(new double[] {1, 2, 3}, new double[3],
                new double[3], 5, false));
        assertTrue(e.getMessage().contains("T*T"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SoftSphere(1, 1, 1));
        assertTrue(e.getMessage().contains("alpha = 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Morse(0.3, -1, 2, 5, false));
        assertTrue(e.getMessage().contains("alpha -1.0"), e.getMessage());
        Morse two = new Morse(new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 1}, 3, false);
        e = assertThrows(IllegalArgumentException.class, () -> two.compute(dimer(1), PotentialChecks.list(two, dimer(1))));
        assertTrue(e.getMessage().contains("2 type(s)"), e.getMessage());
    }
}
