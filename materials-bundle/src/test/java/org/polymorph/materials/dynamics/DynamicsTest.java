package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.Langevin;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** Physics invariants of the integrators on Lennard-Jones fcc in reduced units (LjCut, rc = 2.5σ, shifted). */
class DynamicsTest {
    static final double RHO = 0.8442;

    static Atoms fcc(int n) {
        return Lattices.build("fcc", Math.cbrt(4 / RHO), new int[] {n, n, n}, "A", 1.0);
    }

    static ForceField lj() { return PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3); }

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

    /** Mean and the standard error of the mean from 10 block averages. */
    static double[] meanAndError(double[] x) {
        int blocks = 10;
        int len = x.length / blocks;
        double mean = 0;
        double[] b = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            for (int i = 0; i < len; i++) b[k] += x[k * len + i] / len;
            mean += b[k] / blocks;
        }
        double var = 0;
        for (double bk : b) var += (bk - mean) * (bk - mean) / (blocks - 1);
        return new double[] {mean, Math.sqrt(var / blocks)};
    }

    @Test
    void langevinHoldsTheTargetTemperature() {
        // 108 atoms, T = 1.5, γ = 5/τ, dt = 0.005: the kinetic energy decorrelates in ~1/(2γ) = 0.1τ = 20 steps,
        // so 3000 steps give ~150 independent samples of T, each with spread sqrt(2/3N) = 7.9 %: a 0.7 % error of the mean.
        // The bound 3 % is five of those, plus BAOAB's O(dt²) kinetic bias (< 0.1 % here).
        // a bath per atom (none): all 3N = 324 degrees of freedom; LangevinMomentumTest holds the momentum at zero
        Integrator md = Integrators.langevin(lj(), 0.005, Ramp.constant(1.5), 5.0, Langevin.Momentum.NONE, UnitSystem.LJ);
        State s = md.init(RandomKey.of(11), fcc(3), 1.5);
        s = md.run(s, 500, 500, null);
        double[] t = new double[3000];
        double h0 = s.conservedEnergy();
        double drift = 0;
        for (int i = 0; i < t.length; i++) {
            s = md.step(s);
            t[i] = s.temperature();
            drift = Math.max(drift, Math.abs(s.conservedEnergy() - h0));
        }
        double[] m = meanAndError(t);
        System.out.printf("Langevin: <T> = %.4f ± %.4f (target 1.5), max |ΔH| incl. bath heat = %.3e%n", m[0], m[1], drift);
        assertEquals(1.5, m[0], 0.03 * 1.5);
        assertEquals(324, s.dof());
    }

    @Test
    void noseHooverChainConservesItsExtendedEnergyAndHoldsTheTemperature() {
        // 108 atoms started at T = 2.4 (the crystal melts) and thermostatted to 1.2 with τ = 0.2, dt = 0.002.
        // Velocity Verlet alone drifts by 1.8e-4 of |E0| here (measured, NVE, same start and dt; 7e-4 at dt = 0.004);
        // the chain must add nothing beyond it: bound 5e-4. <T> over 3000 steps: block error ~0.6 %, bound 3 %.
        Integrator md = Integrators.noseHoover(lj(), 0.002, Ramp.constant(1.2), 0.2, UnitSystem.LJ);
        State s = md.init(RandomKey.of(12), fcc(3), 2.4);
        double h0 = s.conservedEnergy();
        double drift = 0;
        double[] t = new double[3000];
        for (int i = 0; i < 1000 + t.length; i++) {
            s = md.step(s);
            drift = Math.max(drift, Math.abs(s.conservedEnergy() - h0) / Math.abs(h0));
            if (i >= 1000) t[i - 1000] = s.temperature();
        }
        double[] m = meanAndError(t);
        System.out.printf("NHC: <T> = %.4f ± %.4f (target 1.2), max |H-H0|/|H0| = %.3e, chain %s%n", m[0], m[1], drift,
                Arrays.toString(s.thermostat().vEta()));
        assertEquals(3, s.thermostat().length());
        assertTrue(drift < 5e-4, "extended energy drift " + drift);
        assertEquals(1.2, m[0], 0.03 * 1.2);
    }

    @Test
    void mtkHoldsThePressureAndTheVolumeResponds() {
        // The fcc crystal at ρ = 0.8442 (a = 1.68 > a0 = 1.55) is under tension (P0 < 0); at T = 1.5 it melts and the
        // liquid at P = 1 is far less dense (ρ ≈ 0.58), so the volume must grow by tens of per cent. dt = 0.004,
        // τ_T = 0.2, τ_P = 1. <P> over 3000 steps from 10 block averages (error ~0.02): bound max(0.05, 4 errors).
        // Conserved H: velocity Verlet alone drifts 7e-4 of |E0| at this dt through the melt (NVE, measured): bound 3e-3.
        double target = 1.0;
        Integrator md = Integrators.nptMtk(lj(), 0.004, Ramp.constant(1.5), 0.2, Ramp.constant(target), 1.0, UnitSystem.LJ);
        State s = md.init(RandomKey.of(13), fcc(3), 1.5);
        double v0 = s.atoms().box().volume();
        double p0 = s.pressure();
        double h0 = s.conservedEnergy();
        double drift = 0;
        double[] p = new double[3000];
        double[] v = new double[p.length];
        for (int i = 0; i < 1000 + p.length; i++) {
            s = md.step(s);
            drift = Math.max(drift, Math.abs(s.conservedEnergy() - h0) / Math.abs(h0));
            if (i >= 1000) {
                p[i - 1000] = s.pressure();
                v[i - 1000] = s.atoms().box().volume();
            }
        }
        double[] mp = meanAndError(p);
        double[] mv = meanAndError(v);
        System.out.printf("NPT: P0 = %.3f, <P> = %.4f ± %.4f (target %.1f), V0 = %.2f, <V> = %.2f ± %.2f, max |H-H0|/|H0| = %.3e%n",
                p0, mp[0], mp[1], target, v0, mv[0], mv[1], drift);
        assertTrue(p0 < 0, "the start is under tension: P0 = " + p0);
        assertTrue(mv[0] > 1.2 * v0, "volume " + mv[0] + " vs " + v0);
        assertEquals(target, mp[0], Math.max(0.05, 4 * mp[1]));
        assertTrue(drift < 3e-3, "MTK conserved quantity drift " + drift);
        // the list kept across cell changes (affine skin criterion) gives what a fresh list gives
        ForceField.Computed fresh = lj().compute(s.atoms(), null);
        assertEquals(fresh.evaluation().energy(), s.potentialEnergy(), 1e-9 * Math.abs(s.potentialEnergy()));
        double[] f = fresh.evaluation().forces();
        for (int i = 0; i < f.length; i++) assertEquals(f[i], s.forces()[i], 1e-9, "force " + i);
    }
}
