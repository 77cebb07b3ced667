package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.rigid.RigidForces;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyEnergy;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.space.Box;

/** Two implementations of one energy: the plain-array pair style on rigid bodies and the autodiff PatchyEnergy. */
class PatchyPairTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());
    private final Ops o = ad.ops();
    private static final double[][] EPS = {{6, 9}, {9, -3}};
    private static final double[][] ALPHA = {{4, 5}, {5, 7}};
    private static final double R0 = 0.05, CORE_EPS = 40, SIGMA = 1.0, CORE_ALPHA = 2.5;

    @Test
    void energyForcesAndTorquesEqualPatchyEnergyAndItsGradientIn2d() {
        for (Cutoff cut : List.of(Cutoff.jaxMd(1.0), Cutoff.switched(0.6, 1.3))) {
            PatchyModel m = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 1}),
                    new BodyType("B", new double[][] {{0.15, 0}, {-0.15, 0}}, new int[] {1, 0, 1})), 2, cut);
            double[][] patches = {{0.5, 0, -0.25, 0.43}, {0.65, 0.1, -0.6, 0.2, 0, 0.5}};
            for (int seed = 0; seed < 3; seed++) compare(m, patches, seed);
        }
    }

    @Test
    void energyForcesAndTorquesEqualPatchyEnergyAndItsGradientIn3d() {
        for (Cutoff cut : List.of(Cutoff.jaxMd(1.0), Cutoff.switched(0.6, 1.3))) {
            PatchyModel m = new PatchyModel(3, List.of(new BodyType("A", new double[][] {{0, 0, 0}}, new int[] {0, 1, 1}),
                    new BodyType("B", new double[][] {{0, 0, 0.2}, {0.1, 0, -0.2}}, new int[] {1, 0})), 2, cut);
            double[][] patches = {{0.5, 0, 0, 0, 0.5, 0, -0.3, 0, 0.4}, {0.55, 0.1, 0.2, 0, -0.2, -0.6}};
            for (int seed = 0; seed < 3; seed++) compare(m, patches, seed);
        }
    }

    /** Six bodies at random in a 2.2-wide region (cores overlap, patches within range), random orientations. */
    private void compare(PatchyModel m, double[][] patches, int seed) {
        Random rnd = new Random(seed);
        int n = 6, d = m.dimension(), c = m.coordinatesPerBody();
        int[] types = new int[n];
        double[] q = new double[n * c];
        double[][] origins = new double[n][d], rot = new double[n][], refs = new double[n][];
        for (int i = 0; i < n; i++) {
            types[i] = i % 2;
            for (int a = 0; a < d; a++) origins[i][a] = q[c * i + a] = 2.2 * rnd.nextDouble();
            if (d == 2) {
                double th = 2 * Math.PI * rnd.nextDouble();
                q[c * i + 2] = th;
                rot[i] = new double[] {Math.cos(th), -Math.sin(th), Math.sin(th), Math.cos(th)};
            } else {
                refs[i] = Quaternion.random(RandomKey.of(seed), i).matrix();
                rot[i] = refs[i];
            }
        }
        PatchyParams p = PatchyParams.of(o, d, patches, EPS, ALPHA, R0, CORE_EPS, SIGMA, CORE_ALPHA);
        PatchyEnergy energy = new PatchyEnergy(m);
        double expected = energy.energy(o, o.constant(q, n, c), types, d == 3 ? refs : null, p).item();
        double[] grad = o.tensors().toDoubleArray(ad.grad((Var v) -> energy.energy(o, v, types, d == 3 ? refs : null, p), o.constant(q, n, c)).value());

        PatchyBodies pb = new PatchyBodies(m, patches, SIGMA);
        RigidBodies b = pb.bodies(types, origins, rot);
        PatchyPair pair = PatchyPair.of(m, EPS, ALPHA, R0, CORE_EPS, SIGMA, CORE_ALPHA);
        RigidForces.Result r = new RigidForces(PotentialForceField.of(pair, 0.3), pb.system(Box.free())).compute(b, null, 0);
        assertTrue(Math.abs(expected) > 1, "the configuration interacts: " + expected);
        assertEquals(expected, r.energy(), 1e-12 * Math.max(1, Math.abs(expected)), m.dimension() + "D energy, seed " + seed);
        double scale = 0;
        for (double g : grad) scale = Math.max(scale, Math.abs(g));
        for (int i = 0; i < n; i++) {
            double[] f = {r.forces()[3 * i], r.forces()[3 * i + 1], r.forces()[3 * i + 2]};
            double[] arm = new double[3];
            for (int a = 0; a < d; a++) arm[a] = b.centre(i, a) - origins[i][a];
            double[] tau = new double[3];   // torque about the model's body origin: τ_c + (c − x) × F
            tau[0] = r.torques()[3 * i] + arm[1] * f[2] - arm[2] * f[1];
            tau[1] = r.torques()[3 * i + 1] + arm[2] * f[0] - arm[0] * f[2];
            tau[2] = r.torques()[3 * i + 2] + arm[0] * f[1] - arm[1] * f[0];
            for (int a = 0; a < d; a++) assertEquals(-grad[c * i + a], f[a], 1e-12 * scale, "force on body " + i + " axis " + a);
            if (d == 2) {
                assertEquals(-grad[c * i + 2], tau[2], 1e-12 * scale, "torque on body " + i);
            } else {
                for (int a = 0; a < 3; a++) assertEquals(-grad[c * i + 3 + a], tau[a], 1e-12 * scale, "torque on body " + i + " axis " + a);
            }
        }
        // the pair style's own differentiable twin gives the same energy over the same points
        var atoms = pb.system(Box.free()).points(b);
        var nl = new org.polymorph.materials.partition.NeighborListBuilder(pair.cutoff(), 0.3, true).build(atoms);
        double twin = pair.energy(o, o.constant(atoms.positions(), atoms.size(), 3), o.constant(atoms.box().h(), 3, 3),
                pair.parameters(o), atoms, nl).item();
        assertEquals(pair.compute(atoms, nl).energy(), twin, 1e-12 * Math.max(1, Math.abs(twin)));
    }
}
