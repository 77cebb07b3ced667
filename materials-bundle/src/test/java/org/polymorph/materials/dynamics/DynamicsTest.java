package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Physics invariants of the integrators on Lennard-Jones fcc in reduced units (LjCut, rc = 2.5σ, shifted). */
class DynamicsTest {
    static final double RHO = 0.8442;

    static Atoms fcc(int n) {
        return Lattices.build("fcc", Math.cbrt(4 / RHO), new int[] {n, n, n}, "A", 1.0);
    }

    static ForceField lj() { return ForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3); }

    @Test
    void nveConservesEnergyAndMomentum() {
        Integrator md = Integrators.nve(lj(), 0.002, UnitSystem.LJ);
        State s = md.init(RandomKey.of(7), fcc(4), 1.0);
        assertEquals(256, s.atoms().size());
        assertEquals(1.0, s.temperature(), 1e-12);
        double e0 = s.totalEnergy();
        double worst = 0;
        for (int i = 0; i < 2000; i++) {
            s = md.step(s);
            worst = Math.max(worst, Math.abs(s.totalEnergy() - e0) / Math.abs(e0));
        }
        double[] p = Thermo.momentum(s.atoms(), s.velocities());
        System.out.printf("NVE: 2000 steps, max |E-E0|/|E0| = %.3e, T end %.4f, |P| = %.2e, E0 = %.6f%n", worst, s.temperature(),
                Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), e0);
        assertTrue(worst < 1e-4, "relative energy drift " + worst);
        for (double pk : p) assertEquals(0, pk, 1e-10);
        assertTrue(s.temperature() < 0.8, "the lattice takes up half the kinetic energy: T = " + s.temperature());
    }
}
