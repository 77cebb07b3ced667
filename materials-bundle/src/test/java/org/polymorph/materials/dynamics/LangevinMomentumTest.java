package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.Langevin.Momentum;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** What Langevin's bath does to the total momentum: fixcm (ASE), zero (LAMMPS's zero yes), none. */
class LangevinMomentumTest {
    /** Σ mᵢrᵢ / Σ mᵢ (Å) of a state's unwrapped positions. */
    private static double[] centreOfMass(State s) {
        double[] c = Thermo.momentum(s.atoms(), s.positions());      // Σ mᵢ xᵢ with positions for velocities
        double total = 0;
        for (double m : s.atoms().atomMasses()) total += m;
        for (int d = 0; d < 3; d++) c[d] /= total;
        return c;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    /** The largest |R_cm(t) − R_cm(0)| (Å) over {@code steps} steps of 64-atom diamond Si (sw) at 1000 K, γ = 10/ps, dt = 1 fs. */
    private static double siliconComWander(Momentum momentum, int steps) {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855);
        ForceField sw = PotentialForceField.of(StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si")), 1.0);
        Integrator md = Integrators.langevin(sw, 0.001, Ramp.constant(1000), 10, momentum, UnitSystem.METAL);
        State s = md.init(RandomKey.of(4), si, 1000);
        double[] c0 = centreOfMass(s);
        double wander = 0;
        for (int k = 0; k < steps; k++) {
            s = md.step(s);
            wander = Math.max(wander, distance(c0, centreOfMass(s)));
            for (double p : Thermo.momentum(s.atoms(), s.velocities())) assertTrue(momentum == Momentum.NONE || Math.abs(p) < 1e-10, "P = " + p);
        }
        return wander;
    }

    @Test
    void fixcmAndZeroKeepASiliconCrystalsCentreOfMassStill() {
        // 2 ps at 1000 K: with a bath per atom the centre of mass diffuses with D = k_BT/(Mγ) = 0.046 Å²/ps (M = 1797 amu),
        // an rms excursion of sqrt(6 D t) = 0.75 Å; held at zero momentum it moves by round-off only
        double none = siliconComWander(Momentum.NONE, 2000);
        double fixcm = siliconComWander(Momentum.FIXCM, 2000);
        double zero = siliconComWander(Momentum.ZERO, 2000);
        System.out.printf("Si 1000 K, 2 ps: max |ΔR_cm| none %.3g Å, fixcm %.3g Å, zero %.3g Å%n", none, fixcm, zero);
        assertTrue(none > 0.05, "none: " + none);
        assertTrue(fixcm < 1e-10, "fixcm: " + fixcm);
        assertTrue(zero < 1e-10, "zero: " + zero);
    }

    @Test
    void zeroMakesTheRandomForcesSumToZeroEachStep() {
        // no interatomic forces: a step changes the total momentum by friction (P ← c₁P, c₁ = e^(−γdt)) and the noise alone
        int n = 10;
        double[] r = new double[3 * n];
        double[] v = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            r[i] = 3.0 * i;
            v[i] = 0.5 + 0.1 * (i % 7);
        }
        Atoms gas = new Atoms(r, new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, List.of("A", "B"), new double[] {1.0, 3.0}, Box.free());
        ForceField none = (atoms, previous) -> new ForceField.Computed(new Evaluation(0, new double[3 * atoms.size()], new double[6]), previous);
        double gamma = 2, dt = 0.01, c1 = Math.exp(-gamma * dt);
        for (Momentum mode : Momentum.values()) {
            Integrator md = Integrators.langevin(none, dt, Ramp.constant(1.0), gamma, mode, UnitSystem.LJ);
            State s = md.init(RandomKey.of(8), gas, v);
            double noise = 0;
            for (int k = 0; k < 50; k++) {
                double[] before = Thermo.momentum(s.atoms(), s.velocities());
                s = md.step(s);
                double[] after = Thermo.momentum(s.atoms(), s.velocities());
                for (int d = 0; d < 3; d++) {
                    double expected = mode == Momentum.FIXCM ? 0 : c1 * before[d];
                    noise = Math.max(noise, Math.abs(after[d] - expected));
                }
            }
            System.out.printf("%s: largest momentum change not from friction %.3g%n", mode.keyword(), noise);
            if (mode == Momentum.NONE) assertTrue(noise > 0.1, mode + ": " + noise);
            else assertTrue(noise < 1e-12, mode + ": " + noise);
            assertEquals(mode == Momentum.NONE ? 30 : 27, s.dof());
        }
        assertEquals(Momentum.ZERO, Momentum.of("zero"));
        assertEquals(List.of("fixcm", "zero", "none"), Momentum.keywords());
        assertThrows(IllegalArgumentException.class, () -> Momentum.of("yes"));
    }

    @Test
    void theBathHoldsTheTargetOverTheInternalDegreesOfFreedom() {
        // as DynamicsTest's Langevin case (108 LJ atoms, T = 1.5, γ = 5, 3000 steps, bound 3 %) with the momentum held at
        // zero: the bath then samples 3N − 3 = 321 degrees of freedom, and T counts those
        for (Momentum mode : List.of(Momentum.FIXCM, Momentum.ZERO)) {
            Integrator md = Integrators.langevin(DynamicsTest.lj(), 0.005, Ramp.constant(1.5), 5.0, mode, UnitSystem.LJ);
            State s = md.run(md.init(RandomKey.of(11), DynamicsTest.fcc(3), 1.5), 500, 500, null);
            double[] t = new double[3000];
            for (int i = 0; i < t.length; i++) {
                s = md.step(s);
                t[i] = s.temperature();
            }
            double[] m = DynamicsTest.meanAndError(t);
            System.out.printf("Langevin %s: <T> = %.4f ± %.4f (target 1.5)%n", mode.keyword(), m[0], m[1]);
            assertEquals(1.5, m[0], 0.03 * 1.5);
            assertEquals(321, s.dof());
        }
    }
}
