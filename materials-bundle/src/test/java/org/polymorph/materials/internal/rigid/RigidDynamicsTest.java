package org.polymorph.materials.internal.rigid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.potential.SoftSphere;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidIntegrator;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/** Physics of the rigid-body force map and integrators, reduced units, float64. */
class RigidDynamicsTest {
    private static final UnitSystem LJ = UnitSystem.LJ;

    private static double lj(double r) { return r < 2.5 ? 4 * (Math.pow(r, -12) - Math.pow(r, -6)) : 0; }

    private static double ljForceOverR(double r) { return r < 2.5 ? 24 * (2 * Math.pow(r, -14) - Math.pow(r, -8)) : 0; }

    /**
     * Excluding intra-body pairs changes only the energy, by the trimer's own pair energy per body; the
     * excluded energy, forces and torques equal a brute-force sum over pairs of points on different
     * bodies (minimum image); torques are −dE/dφ of small rotations (central differences).
     */
    @Test
    void intraBodyExclusionIsExactAndLeavesForcesAndTorques() {
        RigidBodies b = RigidFixtures.grid(3, 2.2, 7);
        RigidSystem ex = RigidFixtures.system(6.6, false);
        RigidSystem in = RigidFixtures.system(6.6, true);
        RigidForces.Result e = new RigidForces(RigidFixtures.lj(), ex).compute(b, null, 0);
        RigidForces.Result i = new RigidForces(RigidFixtures.lj(), in).compute(b, null, 0);
        assertArrayEquals(i.forces(), e.forces(), 0);
        assertArrayEquals(i.torques(), e.torques(), 0);
        double intra = lj(1.0) + lj(Math.hypot(0.3, 0.9)) + lj(Math.hypot(0.7, 0.9));
        assertEquals(27 * intra, i.energy() - e.energy(), 1e-10);

        // brute force over pairs of points on different bodies
        double[] r = ex.points(b).positions();
        double length = 6.6;
        double energy = 0;
        double[] f = new double[r.length];
        for (int p = 0; p < 81; p++) {
            for (int q = p + 1; q < 81; q++) {
                if (p / 3 == q / 3) continue;
                double[] d = new double[3];
                for (int k = 0; k < 3; k++) {
                    d[k] = r[3 * q + k] - r[3 * p + k];
                    d[k] -= length * Math.rint(d[k] / length);
                }
                double dist = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                energy += lj(dist);
                for (int k = 0; k < 3; k++) {
                    f[3 * q + k] += ljForceOverR(dist) * d[k];
                    f[3 * p + k] -= ljForceOverR(dist) * d[k];
                }
            }
        }
        assertEquals(energy, e.energy(), 1e-10 * Math.abs(energy));
        double[][] w = ex.wrench(b, f);
        assertArrayEquals(w[0], e.forces(), 1e-9);
        assertArrayEquals(w[1], e.torques(), 1e-9);

        // τ·a = −dE/dφ for a rotation of body 4 by φ about the space axis a
        RigidForces forces = new RigidForces(RigidFixtures.lj(), ex);
        double[] axis = {0.3, -0.5, 0.81};
        double h = 1e-5;
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double dE = (forces.compute(turned(b, 4, axis, h), null, 0).energy() - forces.compute(turned(b, 4, axis, -h), null, 0).energy()) / (2 * h);
        double tauA = (e.torques()[12] * axis[0] + e.torques()[13] * axis[1] + e.torques()[14] * axis[2]) / n;
        assertEquals(-dE, tauA, 1e-6 * Math.max(1, Math.abs(tauA)));
        assertTrue(Math.abs(tauA) > 1e-3, "the check needs a non-zero torque, got " + tauA);
    }

    private static RigidBodies turned(RigidBodies b, int body, double[] axis, double angle) {
        double[] q = b.orientations();
        Quaternion.axisAngle(axis, angle).times(b.orientation(body)).normalized().into(q, body);
        return new RigidBodies(3, b.centres(), q, b.momenta(), b.angularMomenta(), b.shapes());
    }

    /** The largest |E(t) − E(0)| over {@code time} of NVE at step dt. */
    private static double energyError(RigidIntegrator nve, RigidState start, double dt, double time) {
        double e0 = start.totalEnergy();
        double worst = 0;
        RigidState s = start;
        for (long k = 0, n = Math.round(time / dt); k < n; k++) {
            s = nve.step(s);
            worst = Math.max(worst, Math.abs(s.totalEnergy() - e0));
        }
        return worst;
    }

    /** A smooth pair potential (soft sphere, α = 3: φ, φ', φ'' continuous at the cutoff) so that only the integrator makes errors. */
    private static ForceField soft() { return PotentialForceField.of(new SoftSphere(50, 1.2, 3), 0.3); }

    @Test
    void nveEnergyErrorIsSecondOrderIn3d() {
        RigidSystem sys = RigidFixtures.system(6.0, false);
        RigidForces ff = new RigidForces(soft(), sys);
        RigidBodies b = sys.thermalised(RandomKey.of(3), RigidFixtures.grid(3, 2.0, 11), 1.0, LJ);
        double coarse = energyError(new RigidNve(ff, 0.004, LJ), new RigidNve(ff, 0.004, LJ).init(RandomKey.of(0), b), 0.004, 1.0);
        double fine = energyError(new RigidNve(ff, 0.002, LJ), new RigidNve(ff, 0.002, LJ).init(RandomKey.of(0), b), 0.002, 1.0);
        double ratio = coarse / fine;
        System.out.printf(java.util.Locale.ROOT, "rigid NVE %dD: max |E - E0| over t = 1: %.3g at dt 0.004, %.3g at dt 0.002, ratio %.3f%n",
                sys.dimension(), coarse, fine, ratio);
        assertTrue(coarse > 1e-8, "the test needs interacting bodies, error " + coarse);
        assertTrue(ratio > 3.2 && ratio < 4.8, "energy error ratio " + ratio + " (errors " + coarse + ", " + fine + "), expected ~4");
    }

    @Test
    void nveEnergyErrorIsSecondOrderIn2d() {
        RigidSystem sys = RigidFixtures.system2d(8.0);
        RigidForces ff = new RigidForces(soft(), sys);
        RigidBodies b = sys.thermalised(RandomKey.of(5), RigidFixtures.grid2d(4, 2.0, 13), 1.0, LJ);
        RigidState s0 = new RigidNve(ff, 0.004, LJ).init(RandomKey.of(0), b);
        double coarse = energyError(new RigidNve(ff, 0.004, LJ), s0, 0.004, 1.0);
        double fine = energyError(new RigidNve(ff, 0.002, LJ), new RigidNve(ff, 0.002, LJ).init(RandomKey.of(0), b), 0.002, 1.0);
        double ratio = coarse / fine;
        System.out.printf(java.util.Locale.ROOT, "rigid NVE %dD: max |E - E0| over t = 1: %.3g at dt 0.004, %.3g at dt 0.002, ratio %.3f%n",
                sys.dimension(), coarse, fine, ratio);
        assertEquals(2 * 16 - 2, s0.translationalDof());
        assertEquals(16, s0.rotationalDof());
        assertTrue(coarse > 1e-8, "the test needs interacting bodies, error " + coarse);
        assertTrue(ratio > 3.2 && ratio < 4.8, "energy error ratio " + ratio + " (errors " + coarse + ", " + fine + "), expected ~4");
    }

    /** A free asymmetric top: space-frame angular momentum kept to round-off, energy to the integrator's error, |q| = 1. */
    @Test
    void isolatedAsymmetricBodyKeepsAngularMomentumAndEnergy() {
        Shape top = Shape.of3d(new double[] {0, 0, 0, 1.1, 0.2, 0, 0.1, 0.9, 0.3, 0.4, 0.3, 1.2}, new int[] {0, 0, 0, 0}, new double[] {1.0, 2.0, 1.5, 0.7});
        RigidSystem sys = new RigidSystem(List.of(top), List.of("A"), Box.free());
        double[] l0 = {0.7, -1.3, 2.1};
        RigidBodies b = new RigidBodies(3, new double[3], new double[] {1, 0, 0, 0}, new double[3], l0, new int[1]);
        RigidNve nve = new RigidNve(new RigidForces(RigidFixtures.lj(), sys), 0.002, LJ);
        RigidState s = nve.init(RandomKey.of(0), b);
        double e0 = s.kineticEnergy();
        double worst = 0;
        double turned = 0;
        for (int k = 0; k < 5000; k++) {
            s = nve.step(s);
            worst = Math.max(worst, Math.abs(s.kineticEnergy() - e0));
            turned = Math.max(turned, 1 - Math.abs(s.bodies().orientation(0).w()));
        }
        assertArrayEquals(l0, s.bodies().angularMomenta(), 1e-10);  // round-off of 5000 steps
        assertEquals(1, s.bodies().orientation(0).norm(), 1e-14);
        assertTrue(worst < 1e-4 * e0, "kinetic energy error " + worst + " of " + e0);
        assertTrue(turned > 0.5, "the body should tumble");
        assertEquals(0, s.potentialEnergy(), 1e-12);
    }

    /** Two interacting bodies in free space: total angular momentum Σ c × P + L kept to round-off (central pair forces). */
    @Test
    void interactingBodiesKeepTotalAngularMomentum() {
        RigidSystem sys = new RigidSystem(List.of(RigidFixtures.trimer()), List.of("A"), Box.free());
        double[] q = new double[8];
        Quaternion.random(RandomKey.of(9), 0).into(q, 0);
        Quaternion.random(RandomKey.of(9), 1).into(q, 1);
        RigidBodies b = new RigidBodies(3, new double[] {0, 0, 0, 2.0, 0.3, 0.1}, q, new double[] {0.2, 0.1, 0, -0.2, -0.1, 0},
                new double[] {0.3, -0.2, 0.5, -0.1, 0.4, 0.2}, new int[2]);
        // shifted LJ: the energy is continuous at the cutoff
        RigidNve nve = new RigidNve(new RigidForces(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3), sys), 0.002, LJ);
        RigidState s = nve.init(RandomKey.of(0), b);
        double[] j0 = totalAngularMomentum(s.bodies());
        double e0 = s.totalEnergy();
        for (int k = 0; k < 2000; k++) s = nve.step(s);
        assertArrayEquals(j0, totalAngularMomentum(s.bodies()), 1e-11);
        assertEquals(e0, s.totalEnergy(), 2e-3);  // the force of shifted LJ jumps at the cutoff: an O(dt) error per crossing
        assertTrue(Math.abs(s.potentialEnergy()) > 1e-3, "the bodies should interact");
    }

    private static double[] totalAngularMomentum(RigidBodies b) {
        double[] c = b.centres(), p = b.momenta(), l = b.angularMomenta();
        double[] j = new double[3];
        for (int i = 0; i < b.size(); i++) {
            j[0] += c[3 * i + 1] * p[3 * i + 2] - c[3 * i + 2] * p[3 * i + 1] + l[3 * i];
            j[1] += c[3 * i + 2] * p[3 * i] - c[3 * i] * p[3 * i + 2] + l[3 * i + 1];
            j[2] += c[3 * i] * p[3 * i + 1] - c[3 * i + 1] * p[3 * i] + l[3 * i + 2];
        }
        return j;
    }

    /** Mean and block standard error (10 blocks) of the translational and rotational temperatures along a run. */
    private static double[][] temperatures(RigidIntegrator it, RigidState start, int equilibrate, int steps, int every) {
        RigidState s = it.run(start, equilibrate);
        int n = steps / every;
        double[] tt = new double[n], tr = new double[n];
        for (int k = 0; k < n; k++) {
            s = it.run(s, every);
            tt[k] = s.translationalTemperature();
            tr[k] = s.rotationalTemperature();
        }
        return new double[][] {meanAndError(tt), meanAndError(tr)};
    }

    private static double[] meanAndError(double[] x) {
        int blocks = 10, size = x.length / blocks;
        double[] m = new double[blocks];
        double mean = 0;
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < size; k++) m[b] += x[b * size + k] / size;
            mean += m[b] / blocks;
        }
        double var = 0;
        for (double v : m) var += (v - mean) * (v - mean) / (blocks - 1);
        return new double[] {mean, Math.sqrt(var / blocks)};
    }

    private static void assertTemperature(double target, double[] meanError, String what) {
        System.out.printf(java.util.Locale.ROOT, "rigid %s temperature %.4f ± %.4f (target %.3f)%n", what, meanError[0], meanError[1], target);
        double tol = Math.max(4 * meanError[1], 0.02 * target);
        assertEquals(target, meanError[0], tol, what + " temperature " + meanError[0] + " ± " + meanError[1]);
    }

    @Test
    void noseHooverChainsHoldTranslationAndRotationAtTheTarget() {
        RigidSystem sys = RigidFixtures.system(6.6, false);
        RigidForces ff = new RigidForces(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3), sys);
        double t = 1.5;
        RigidNoseHoover nvt = new RigidNoseHoover(ff, 0.002, Ramp.constant(t), LJ);
        RigidState s0 = nvt.init(RandomKey.of(21), RigidFixtures.grid(3, 2.2, 17), 0.3);
        double[][] m = temperatures(nvt, s0, 2000, 30000, 10);
        assertTemperature(t, m[0], "Nose-Hoover translational");
        assertTemperature(t, m[1], "Nose-Hoover rotational");
        // the extended energy is conserved
        RigidState a = nvt.run(s0, 500);
        RigidState b = nvt.run(a, 500);
        assertEquals(a.conservedEnergy(), b.conservedEnergy(), 2e-3 * Math.abs(a.conservedEnergy()) + 2e-3);
    }

    @Test
    void langevinHoldsTranslationAndRotationAtTheTargetIn3dAnd2d() {
        double t = 1.2;
        RigidSystem sys = RigidFixtures.system(6.6, false);
        RigidForces ff = new RigidForces(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3), sys);
        RigidLangevin l3 = new RigidLangevin(ff, 0.002, Ramp.constant(t), 2.0, LJ);
        double[][] m = temperatures(l3, l3.init(RandomKey.of(4), RigidFixtures.grid(3, 2.2, 19), t), 4000, 20000, 10);
        assertTemperature(t, m[0], "Langevin 3D translational");
        assertTemperature(t, m[1], "Langevin 3D rotational");
        RigidSystem sys2 = RigidFixtures.system2d(8.8);
        RigidLangevin l2 = new RigidLangevin(new RigidForces(PotentialForceField.of(new LjCut(1.0, 1.0, 2.5, true), 0.3), sys2), 0.002,
                Ramp.constant(t), 2.0, LJ);
        m = temperatures(l2, l2.init(RandomKey.of(6), RigidFixtures.grid2d(4, 2.2, 23), t), 4000, 20000, 10);
        assertTemperature(t, m[0], "Langevin 2D translational");
        assertTemperature(t, m[1], "Langevin 2D rotational");
    }

    /** A non-finite point force stops the run with the step and the body (point 4 belongs to body 1). */
    @Test
    void blowUpNamesStepAndBody() {
        ForceField lj = RigidFixtures.lj();
        ForceField atStep3 = new ForceField() {
            @Override public Computed compute(org.polymorph.materials.structure.Atoms atoms, org.polymorph.materials.partition.NeighborList previous) {
                return lj.compute(atoms, previous);
            }

            @Override public Computed compute(org.polymorph.materials.structure.Atoms atoms, org.polymorph.materials.partition.NeighborList previous, long step) {
                Computed c = lj.compute(atoms, previous, step);
                if (step != 3) return c;
                double[] f = c.evaluation().forces();
                f[3 * 4 + 1] = Double.NaN;
                return new Computed(new org.polymorph.materials.potential.Evaluation(c.evaluation().energy(), f, c.evaluation().virial()), c.neighbors());
            }
        };
        RigidSystem sys = RigidFixtures.system(6.6, false);
        RigidNve nve = new RigidNve(new RigidForces(atStep3, sys), 0.002, LJ);
        RigidState s = nve.init(RandomKey.of(1), RigidFixtures.grid(3, 2.2, 7), 1.0);
        RigidState s2 = nve.run(s, 2);
        ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, () -> nve.step(s2));
        assertTrue(e.getMessage().startsWith("step 3: body 1 has a non-finite force on its point 1 (y = NaN)"), e.getMessage());
    }
}
