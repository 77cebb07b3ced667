package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Reproducibility, the NaN guard, observers, schedules, units and the neighbour-list bookkeeping of ForceField. */
class IntegratorContractTest {
    private static State langevinRun(RandomKey key, int steps) {
        Integrator md = Integrators.langevin(DynamicsTest.lj(), 0.005, Ramp.constant(1.0), 2.0, UnitSystem.LJ);
        return md.run(md.init(key, DynamicsTest.fcc(3), 1.0), steps, 1, null);
    }

    @Test
    void sameKeySameTrajectoryOtherKeyAnother() {
        State a = langevinRun(RandomKey.of(42), 200);
        State b = langevinRun(RandomKey.of(42), 200);
        State c = langevinRun(RandomKey.of(43), 200);
        assertArrayEquals(a.positions(), b.positions());
        assertArrayEquals(a.velocities(), b.velocities());
        assertEquals(a.potentialEnergy(), b.potentialEnergy());
        assertFalse(Arrays.equals(a.positions(), c.positions()));
        // the noise, not only the initial velocities, depends on the key: same velocities, other bath key
        Integrator md = Integrators.langevin(DynamicsTest.lj(), 0.005, Ramp.constant(1.0), 2.0, UnitSystem.LJ);
        State s = md.init(RandomKey.of(42), DynamicsTest.fcc(3), 1.0);
        State x = md.run(s, 20, 1, null);
        State y = md.run(s.withKey(RandomKey.of(7)), 20, 1, null);
        assertFalse(Arrays.equals(x.velocities(), y.velocities()));
        assertEquals(20, x.step());
        assertEquals(20 * 0.005, x.time(), 1e-12);
    }

    @Test
    void maxwellBoltzmannHasTheTemperatureAndNoMomentumInMetalUnits() {
        Atoms cu = Lattices.build("fcc", 3.615, new int[] {3, 3, 3}, "Cu", 63.55);
        double[] v = Thermo.maxwellBoltzmann(RandomKey.of(1), cu, 300, UnitSystem.METAL);
        double ke = Thermo.kineticEnergy(cu, v, UnitSystem.METAL);
        assertEquals(300, 2 * ke / ((3 * 108 - 3) * 8.617343e-5), 1e-9);
        for (double p : Thermo.momentum(cu, v)) assertEquals(0, p, 1e-10);
        // rms speed sqrt((3N−3)kT/(N m)) ≈ 3.4 Å/ps for Cu at 300 K (mvv2e converts amu·Å²/ps² to eV)
        double v2 = 0;
        for (double x : v) v2 += x * x;
        assertEquals(Math.sqrt(321 * 8.617343e-5 * 300 / (108 * 63.55 * 1.0364269e-4)), Math.sqrt(v2 / 108), 1e-9);
        assertEquals(3.4, Math.sqrt(v2 / 108), 0.1);
        assertThrows(IllegalArgumentException.class, () -> Thermo.maxwellBoltzmann(RandomKey.of(1), cu, -1, UnitSystem.METAL));
    }

    @Test
    void aNonFiniteForceNamesTheStepAndTheAtom() {
        double[] r = {0, 0, 0, 1.1, 0, 0, 1.1, 0, 0};
        Atoms overlap = Atoms.of(r, "A", 1.0, Box.free());
        Integrator md = Integrators.nve(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, false), 0.3), 0.001, UnitSystem.LJ);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> md.init(RandomKey.of(0), overlap, new double[9]));
        assertTrue(e.getMessage().contains("step 0") && e.getMessage().contains("atom 1"), e.getMessage());
        // during a run: a force field whose force on atom 1 turns NaN once that atom passes x = 2.05;
        // it moves at 1 σ/τ from x = 1.5 with dt = 0.1, so step 6 (x = 2.1) is the first bad one
        ForceField poisoned = (atoms, previous) -> {
            double[] f = new double[3 * atoms.size()];
            if (atoms.x(1, 0) > 2.05) f[3] = Double.NaN;
            return new ForceField.Computed(new org.polymorph.materials.potential.Evaluation(0, f, new double[6]), previous);
        };
        Atoms pair = Atoms.of(new double[] {0, 0, 0, 1.5, 0, 0}, "A", 1.0, Box.free());
        Integrator md2 = Integrators.nve(poisoned, 0.1, UnitSystem.LJ);
        State s = md2.init(RandomKey.of(0), pair, new double[] {0, 0, 0, 1, 0, 0});
        ArithmeticException boom = assertThrows(ArithmeticException.class, () -> md2.run(s, 50, 1, null));
        assertTrue(boom.getMessage().startsWith("step 6: atom 1 "), boom.getMessage());
    }

    @Test
    void observerSeesEveryNthState() {
        Integrator md = Integrators.nve(DynamicsTest.lj(), 0.002, UnitSystem.LJ);
        List<Long> seen = new ArrayList<>();
        State end = md.run(md.init(RandomKey.of(3), DynamicsTest.fcc(3), 0.5), 25, 10, st -> seen.add(st.step()));
        assertEquals(List.of(0L, 10L, 20L), seen);
        assertEquals(25, end.step());
        assertThrows(IllegalArgumentException.class, () -> md.run(end, 5, 0, null));
    }

    @Test
    void temperatureRampCoolsTheSystem() {
        Ramp ramp = Ramp.linear(2.0, 0.5, 1000);
        assertEquals(2.0, ramp.at(0));
        assertEquals(1.25, ramp.at(500), 1e-15);
        assertEquals(0.5, ramp.at(5000));
        Integrator md = Integrators.langevin(DynamicsTest.lj(), 0.005, ramp, 10.0, UnitSystem.LJ);
        State s = md.init(RandomKey.of(5), DynamicsTest.fcc(3), 2.0);
        double hot = 0;
        double cold = 0;
        for (int i = 0; i < 1400; i++) {
            s = md.step(s);
            if (i >= 100 && i < 200) hot += s.temperature() / 100;
            if (i >= 1200) cold += s.temperature() / 200;
        }
        // targets averaged over the windows: 1.8 (steps 100-200 of the ramp) and 0.5; sampling error ~3 %
        assertEquals(1.8, hot, 0.15);
        assertEquals(0.5, cold, 0.05);
        assertThrows(IllegalArgumentException.class, () -> Ramp.linear(1, 2, -1));
    }

    @Test
    void forceFieldIgnoresHowFarAtomsHaveWandered() {
        ForceField ff = DynamicsTest.lj();
        Atoms a = DynamicsTest.fcc(3);
        double[] r = a.positions();
        double l = a.box().h(0, 0);
        RandomKey key = RandomKey.of(9);
        for (int i = 0; i < r.length; i++) r[i] += 0.05 * (2 * key.uniform(i) - 1);
        double[] far = r.clone();
        for (int i = 0; i < far.length; i++) far[i] += l * ((i * 7 + i / 3) % 5 - 2);   // each atom several images away
        ForceField.Computed near = ff.compute(a.withPositions(r), null);
        ForceField.Computed away = ff.compute(a.withPositions(far), null);
        assertEquals(near.evaluation().energy(), away.evaluation().energy(), 1e-10);
        for (int i = 0; i < r.length; i++) assertEquals(near.evaluation().forces()[i], away.evaluation().forces()[i], 1e-10);
        assertArrayEquals(far, away.neighbors().referencePositions());
        // a list is reused while atoms stay within skin/2, rebuilt after
        assertTrue(ff.compute(a.withPositions(r), near.neighbors()).neighbors() == near.neighbors());
        double[] moved = r.clone();
        moved[0] += 0.2;
        assertFalse(ff.compute(a.withPositions(moved), near.neighbors()).neighbors() == near.neighbors());
    }

    @Test
    void badParametersAreRejected() {
        ForceField ff = DynamicsTest.lj();
        assertThrows(IllegalArgumentException.class, () -> Integrators.nve(ff, 0, UnitSystem.LJ));
        assertThrows(IllegalArgumentException.class, () -> Integrators.langevin(ff, 0.001, Ramp.constant(1), -1, UnitSystem.LJ));
        assertThrows(IllegalArgumentException.class, () -> Integrators.noseHoover(ff, 0.001, Ramp.constant(0), 0.1, UnitSystem.LJ));
        assertThrows(IllegalArgumentException.class, () -> Integrators.noseHoover(ff, 0.001, Ramp.constant(1), 0.1, 0, UnitSystem.LJ));
        Integrator npt = Integrators.nptMtk(ff, 0.001, Ramp.constant(1), 0.1, Ramp.constant(0), 1, UnitSystem.LJ);
        Atoms cluster = Atoms.of(new double[] {0, 0, 0, 1.1, 0, 0}, "A", 1, Box.free());
        assertThrows(IllegalArgumentException.class, () -> npt.init(RandomKey.of(0), cluster, new double[6]));
    }
}
