package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.properties.Units;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * One count of degrees of freedom behind every temperature: the same velocities read the same
 * temperature under every integrator that conserves momentum, and in Statics.
 */
class DegreesOfFreedomTest {
    /** 8 Ar atoms (two fcc cells): LJ units, the same rule as metal. */
    private static final Atoms EIGHT = Lattices.build("fcc", Math.cbrt(4 / DynamicsTest.RHO), new int[] {2, 1, 1}, "A", 1.0);

    @Test
    void rule() {
        assertEquals(21, Thermo.degreesOfFreedom(8, true));
        assertEquals(24, Thermo.degreesOfFreedom(8, false));
        assertEquals(3, Thermo.degreesOfFreedom(1, true), "one atom counts 3, not 0");
    }

    /** Velocities made for T = 1 with 3N − 3 = 21 dof read 1 under nve, nvt-nhc and the three MTK couplings, and in Statics. */
    @Test
    void sameVelocitiesSameTemperatureWhereMomentumIsConserved() {
        assertEquals(8, EIGHT.size());
        double[] v = Thermo.maxwellBoltzmann(RandomKey.of(3), EIGHT, 1.0, UnitSystem.LJ);
        ForceField ff = DynamicsTest.lj();
        Ramp t = Ramp.constant(1.0);
        Ramp p = Ramp.constant(0.0);
        UnitSystem u = UnitSystem.LJ;
        List<Integrator> conserving = List.of(Integrators.nve(ff, 0.002, u), Integrators.noseHoover(ff, 0.002, t, 0.2, u),
                Integrators.nptMtk(ff, 0.002, t, 0.2, p, 2, u), Integrators.nptMtkCell(ff, 0.002, t, 0.2, p, 2, false, u),
                Integrators.nptMtkCell(ff, 0.002, t, 0.2, p, 2, true, u));
        for (Integrator md : conserving) {
            State s = md.init(RandomKey.of(0), EIGHT, v);
            assertEquals(21, s.dof(), md.getClass().getSimpleName());
            assertEquals(1.0, s.temperature(), 1e-12, md.getClass().getSimpleName());
        }
        // Statics works in metal units: T_metal = Σ m v² · mvv2e / (dof k_B), so T_LJ = T_metal · k_B / mvv2e
        assertEquals(1.0, Statics.temperature(v, EIGHT.atomMasses()) * Units.BOLTZMANN_EV_PER_K / Units.MVV2E, 1e-12);
    }

    /**
     * Langevin counts by the same rule: 3N = 24 while its bath changes the momentum (the same velocities then read 21/24 of it,
     * the 875 K of 1000 K for 8 atoms), 3N − 3 = 21 where it removes the momentum.
     */
    @Test
    void langevinCountsByTheSameRule() {
        double[] v = Thermo.maxwellBoltzmann(RandomKey.of(3), EIGHT, 1.0, UnitSystem.LJ);
        State s = Integrators.langevin(DynamicsTest.lj(), 0.002, Ramp.constant(1.0), 1.0, UnitSystem.LJ).init(RandomKey.of(0), EIGHT, v);
        assertTrue(s.dof() == 21 || s.dof() == 24, "dof " + s.dof());
        assertEquals(21.0 / s.dof(), s.temperature(), 1e-12);
    }
}
