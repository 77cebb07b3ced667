package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.Gupta;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Forward mode of {@link VerletTrajectory} on the embedded-atom styles' fused walk ({@link ForceTangents}: the force and the k
 * tangents in the two walks of the products): the primal sweep that carries the tangents gives reverse mode's frames to 1e-12
 * of the largest (its force sums the pairs in another order than compute's), the gradient from its tangent frames equals
 * the adjoint sweep's to 1e-10, and the JVP (the separate tangent sweep) along a random θ̇ equals the gradient's dot
 * product with it, on short trajectories (32 displaced copper atoms, 30 steps of 2 fs): eam's table-scale family (θ [3]
 * scales F, ρ and r·φ) and gupta (θ = A, ξ, p, q, r0).
 */
class EmbeddedForwardTrajectoryTest {
    private static final int STEPS = 30;
    private static final double DT = 0.002;
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();

    private static Atoms copper() {
        Atoms a = Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546);
        SplittableRandom rnd = new SplittableRandom(17);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i++) r[i] += 0.08 * (rnd.nextDouble() - 0.5);
        return a.withPositions(r);
    }

    private static double[] velocities(int n) {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = 4 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 200 K for Cu
        return v;
    }

    private Var frames(FusedEnergy.Family f, Atoms atoms, Var x, VerletTrajectory.Mode mode) {
        FusedEnergy e = new FusedEnergy(ad, f, atoms);
        MdTrajectory.Frames fr = MdTrajectory.run(ad, e, o.constant(atoms.box().h(), 3, 3), atoms.positions(), velocities(atoms.size()),
                atoms.atomMasses(), DT, STEPS, x, true, mode, java.util.function.UnaryOperator.identity());
        return o.concat(0, o.reshape(fr.positions(), -1), o.reshape(fr.velocities(), -1));
    }

    /** Σ w ⊙ frames² with fixed random weights. */
    private Var loss(FusedEnergy.Family f, Atoms atoms, Var x, VerletTrajectory.Mode mode) {
        Var frames = frames(f, atoms, x, mode);
        SplittableRandom rnd = new SplittableRandom(11);
        double[] w = new double[(int) frames.value().shape().toArray()[0]];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble() * 1e-3;
        return o.sum(o.mul(o.constant(w, w.length), o.square(frames)));
    }

    private void check(String name, FusedEnergy.Family f, Atoms atoms, double[] theta) {
        assertTrue(f.at(theta) instanceof ForceTangents, name + ": the style walks its tangents fused");
        int k = theta.length;
        Var x = o.constant(theta, k);
        double[] plain = o.tensors().toDoubleArray(frames(f, atoms, x, VerletTrajectory.Mode.REVERSE).value());
        double[] carried = o.tensors().toDoubleArray(frames(f, atoms, x, VerletTrajectory.Mode.FORWARD).value());
        double worst = 0, big = 0;
        for (int i = 0; i < plain.length; i++) {
            worst = Math.max(worst, Math.abs(plain[i] - carried[i]));
            big = Math.max(big, Math.abs(plain[i]));
        }
        assertTrue(worst <= 1e-12 * big, name + ": forward mode's frames differ from reverse mode's by " + worst);
        double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss(f, atoms, v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] forward = o.tensors().toDoubleArray(ad.grad(v -> loss(f, atoms, v, VerletTrajectory.Mode.FORWARD), x).value());
        double scale = 0;
        for (double g : reverse) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0, name + ": zero gradient");
        for (int j = 0; j < k; j++) {
            assertTrue(reverse[j] != 0, name + ": dL/dθ" + j + " is zero");
            assertEquals(reverse[j], forward[j], 1e-10 * scale, name + ": dL/dθ" + j + ", forward against reverse");
        }
        SplittableRandom rnd = new SplittableRandom(5);
        double[] dir = new double[k];
        for (int j = 0; j < k; j++) dir[j] = (rnd.nextDouble() - 0.5) * theta[j];
        double jvp = ad.jvp((Var v) -> loss(f, atoms, v, VerletTrajectory.Mode.REVERSE), x, o.constant(dir, k)).tangent().item();
        double vjp = 0;
        for (int j = 0; j < k; j++) vjp += reverse[j] * dir[j];
        assertEquals(vjp, jvp, 1e-10 * Math.abs(vjp), name + ": JVP against the gradient's dot product");
    }

    @Test
    void eamTableScales() {
        check("eam table scales", Eam.funcfl(Oracles.potentialFile("Cu_u3.eam")).tableScales(), copper(), new double[] {1.02, 0.99, 1.03});
    }

    @Test
    void gupta() {
        FusedEnergy.Family g = new FusedEnergy.Family() {
            @Override public Potential at(double[] t) {
                return Gupta.smooth(new double[] {t[0]}, new double[] {t[1]}, new double[] {t[2]}, new double[] {t[3]}, new double[] {t[4]}, 4.2, 5.2);
            }

            @Override public Object params(Ops ops, Var t) {
                Var[] v = new Var[5];
                for (int j = 0; j < 5; j++) v[j] = ops.reshape(ops.sliceAxis(t, 0, j, j + 1), 1, 1);
                return new Gupta.Params(v[0], v[1], v[2], v[3], v[4]);
            }

            @Override public double[] parameterJacobian(double[] t) {
                double[] eye = new double[25];
                for (int j = 0; j < 5; j++) eye[6 * j] = 1;
                return eye;
            }
        };
        check("gupta", g, copper(), new double[] {0.0855, 1.224, 10.960, 2.278, 2.556});
    }
}
