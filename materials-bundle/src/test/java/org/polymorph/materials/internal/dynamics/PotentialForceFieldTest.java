package org.polymorph.materials.internal.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.NeighborUpdate;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The neighbour-list update policy (LAMMPS neigh_modify every/delay/check) of the Potential force field. */
class PotentialForceFieldTest {
    private static final LjCut LJ = new LjCut(1, 1, 2.5, false);

    /** LAMMPS's LJ melt at 6³ cells (864 atoms, wide enough for the cell list). */
    private static Atoms melt() { return Lattices.build("fcc", Math.cbrt(4 / 0.8442), new int[] {6, 6, 6}, "A", 1.0); }

    private static State run(PotentialForceField ff, double temperature, int steps) {
        Integrator nve = Integrators.nve(ff, 0.005, UnitSystem.LJ);
        State s = nve.init(RandomKey.of(3), melt(), temperature);
        for (int k = 0; k < steps; k++) s = nve.step(s);
        return s;
    }

    @Test
    void badPoliciesAreRejectedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeighborUpdate(0, 0, true)).getMessage().contains("every = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeighborUpdate(1, -1, true)).getMessage().contains("delay = -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeighborUpdate(20, 30, true)).getMessage().contains("multiple of every = 20"));
        assertThrows(IllegalArgumentException.class, () -> new PotentialForceField(LJ, 0.3, null));
        NeighborUpdate u = new NeighborUpdate(10, 20, true);
        assertTrue(!u.considers(10) && u.considers(20) && !u.considers(25) && u.considers(30));
    }

    @Test
    void everyTwentyWithoutCheckBuildsOnScheduleAsLammpsDoes() {
        PotentialForceField ff = new PotentialForceField(LJ, 0.3, new NeighborUpdate(20, 0, false));
        State s = run(ff, 3.0, 100);
        assertEquals(1 + 5, ff.builds());                 // init, then steps 20, 40, 60, 80, 100 ("Neighbor list builds = 5")
        assertEquals(100, s.step());
        PotentialForceField delayed = new PotentialForceField(LJ, 0.3, new NeighborUpdate(10, 30, false));
        run(delayed, 3.0, 100);
        assertEquals(1 + 3, delayed.builds());            // 30, 60, 90
    }

    @Test
    void checkedPoliciesRebuildOnlyWhenAtomsMovedHalfTheSkin() {
        PotentialForceField safe = new PotentialForceField(LJ, 0.3, NeighborUpdate.SAFE);
        run(safe, 3.0, 60);
        PotentialForceField every5 = new PotentialForceField(LJ, 0.3, new NeighborUpdate(5, 0, true));
        run(every5, 3.0, 60);
        // at T* = 3 an atom moves skin/2 in a few steps: the safe policy rebuilds often, every-5 at most every 5 steps
        assertTrue(safe.builds() > 1 + 60 / 20, "builds " + safe.builds());
        assertTrue(every5.builds() <= 1 + 60 / 5 && every5.builds() > 1, "builds " + every5.builds());
    }

    @Test
    void aLargeEnoughSkinGivesTheSameTrajectoryUnderEveryPolicy() {
        // at T* = 0.05 no atom moves skin/2 = 0.4 in 20 steps: every policy keeps every pair within rc
        State safe = run(new PotentialForceField(LJ, 0.8, NeighborUpdate.SAFE), 0.05, 40);
        State lazy = run(new PotentialForceField(LJ, 0.8, new NeighborUpdate(20, 0, false)), 0.05, 40);
        double[] a = safe.positions();
        double[] b = lazy.positions();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-12, "position " + i);
        assertEquals(safe.potentialEnergy(), lazy.potentialEnergy(), 1e-10 * Math.abs(safe.potentialEnergy()));
    }

    @Test
    void aListItDidNotBuildIsJudgedByTheSkinCriterion() {
        PotentialForceField ff = new PotentialForceField(LJ, 0.3, new NeighborUpdate(20, 0, false));
        Atoms a = melt();
        NeighborList foreign = new NeighborListBuilder(2.5, 0.3, true).build(a);
        // step 20 would mean a rebuild for its own list; a foreign list at rest is kept
        assertSame(foreign, ff.compute(a, foreign, 20).neighbors());
        double[] r = a.positions();
        r[0] += 0.2;                                      // beyond skin/2 = 0.15
        ForceField.Computed c = ff.compute(a.withPositions(r), foreign, 7);
        assertNotSame(foreign, c.neighbors());
        // from now on the list is its own: kept until step 7 + 20 whatever the motion, rebuilt then
        r[3] += 0.5;
        assertSame(c.neighbors(), ff.compute(a.withPositions(r), c.neighbors(), 8).neighbors());
        assertNotSame(c.neighbors(), ff.compute(a.withPositions(r), c.neighbors(), 27).neighbors());
        assertEquals(2, ff.builds());
    }
}
