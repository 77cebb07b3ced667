package org.polymorph.materials.internal.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.structure.Lattices;

/** Velocity Verlet reuses the masses and forces of the step it made last; stepping from any other State must give the same. */
class NveTest {
    @Test
    void aStepFromAnOlderOrAnotherStateEqualsTheChainedStep() {
        Nve nve = new Nve(PotentialForceField.of(new LjCut(1, 1, 2.5, false), 0.3), 0.005, UnitSystem.LJ);
        State a0 = nve.init(RandomKey.of(1), Lattices.build("fcc", 1.68, new int[] {3, 3, 3}, "A", 1.0), 1.5);
        State b0 = nve.init(RandomKey.of(2), Lattices.build("fcc", 1.68, new int[] {3, 3, 3}, "A", 1.0), 1.5);
        State a1 = nve.step(a0);
        State a2 = nve.step(a1);                 // reuses a1's masses and forces
        State b1 = nve.step(b0);                 // another trajectory in between
        State again = nve.step(a1);              // a1 is no longer the last: masses and forces made afresh
        assertArrayEquals(a2.positions(), again.positions(), 0);
        assertArrayEquals(a2.velocities(), again.velocities(), 0);
        // the b trajectory, interleaved with a, against its own integrator stepping it alone
        Nve alone = new Nve(PotentialForceField.of(new LjCut(1, 1, 2.5, false), 0.3), 0.005, UnitSystem.LJ);
        State c2 = alone.step(alone.step(b0));
        State b2 = nve.step(b1);
        assertArrayEquals(c2.positions(), b2.positions(), 0);
        assertArrayEquals(c2.velocities(), b2.velocities(), 0);
    }
}
