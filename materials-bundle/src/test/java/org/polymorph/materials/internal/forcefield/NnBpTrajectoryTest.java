package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.mlpotential.ForceMatching;
import org.polymorph.materials.internal.mlpotential.SymmetryFunctions;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * A trajectory through nn/bp by the plain-array trajectory primitive, whose adjoint and tangent sweeps take the
 * network's second-order kernel: 8 displaced diamond Si atoms, a random 11 → 5 → 4 → 1 network over symmetry
 * functions at r_c = 4.2 Å with its core repulsion, 15 steps of 1 fs, θ the 89 weights and biases
 * ({@link BehlerParrinello#family}). The reverse-mode gradient of a loss of all frames equals forward mode (89 tangents
 * carried together through {@code hessianProducts}) and central differences of the whole trajectory along a direction;
 * on fewer steps it equals the autodiff scan (the same family without ∂p/∂θ, second derivatives by autodiff).
 */
class NnBpTrajectoryTest {
    private static final int STEPS = 15;
    private static final double DT = 0.001;
    private final AD ad = TestServices.ad();
    private final Ops o = ad.ops();
    private final Atoms si;
    private final BehlerParrinello model;

    NnBpTrajectoryTest() {
        Atoms a = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        SplittableRandom rnd = new SplittableRandom(4);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i++) r[i] += 0.08 * (2 * rnd.nextDouble() - 1);
        si = a.withPositions(r);
        SymmetryFunctions sf = SymmetryFunctions.grid(4.2, 5, 2.0, 0.05);
        double[] ones = new double[sf.count()];
        java.util.Arrays.fill(ones, 1);
        BehlerParrinello raw = BehlerParrinello.create(ad, sf, new int[] {5, 4}, RandomKey.of(9), new double[sf.count()], ones, -4.3, 0.2);
        double[][] norm = ForceMatching.normalisation(raw, List.of(new ForceMatching.Sample(si, 0, new double[3 * si.size()])));
        model = raw.withNormalisation(norm[0], norm[1], -4.3, 0.2).withCore(1500, 2.3);
    }

    private double[] velocities() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] v = new double[3 * si.size()];
        for (int i = 0; i < v.length; i++) v[i] = 5 * (2 * rnd.nextDouble() - 1);        // Å/ps
        return v;
    }

    /** The same family without ∂p/∂θ: the trajectory is then the autodiff scan, its second derivatives by autodiff of the Var energy. */
    private FusedEnergy.Family autodiffRoute() {
        FusedEnergy.Family kernel = model.family();
        return new FusedEnergy.Family() {
            @Override public org.polymorph.materials.potential.Potential at(double[] theta) { return kernel.at(theta); }

            @Override public Object params(Ops ops, Var theta) { return kernel.params(ops, theta); }
        };
    }

    private Var loss(Var x, VerletTrajectory.Mode mode) { return loss(model.family(), x, mode); }

    private Var loss(FusedEnergy.Family family, Var x, VerletTrajectory.Mode mode) {
        FusedEnergy e = new FusedEnergy(ad, family, si);
        MdTrajectory.Frames f = MdTrajectory.run(ad, e, o.constant(si.box().h(), 3, 3), si.positions(), velocities(), si.atomMasses(), DT, STEPS, x, true,
                mode, java.util.function.UnaryOperator.identity());
        Var all = o.concat(0, o.reshape(f.positions(), -1), o.reshape(f.velocities(), -1));
        SplittableRandom rnd = new SplittableRandom(11);
        double[] w = new double[(int) all.value().shape().toArray()[0]];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble() * 1e-3;
        return o.sum(o.mul(o.constant(w, w.length), o.square(all)));
    }

    @Test
    void reverseEqualsForwardModeAndDifferences() {
        double[] theta = model.parameterVector();
        int m = theta.length;
        assertTrue(new FusedEnergy(ad, model.family(), si).secondOrder(theta) != null, "the trajectory takes the kernel's products");
        Var x = o.constant(theta, m);
        double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss(v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] forward = o.tensors().toDoubleArray(ad.grad(v -> loss(v, VerletTrajectory.Mode.FORWARD), x).value());
        double scale = 0;
        for (double g : reverse) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0, "the gradient is not zero");
        for (int j = 0; j < m; j++) assertEquals(reverse[j], forward[j], 1e-10 * scale, "dL/dθ" + j + ", forward against reverse");
        SplittableRandom rnd = new SplittableRandom(5);
        double[] dir = new double[m];
        double along = 0;
        for (int j = 0; j < m; j++) {
            dir[j] = 2 * rnd.nextDouble() - 1;
            along += reverse[j] * dir[j];
        }
        double h = 1e-5;
        double[] p = theta.clone(), q = theta.clone();
        for (int j = 0; j < m; j++) {
            p[j] += h * dir[j];
            q[j] -= h * dir[j];
        }
        double fd = (loss(o.constant(p, m), VerletTrajectory.Mode.REVERSE).item() - loss(o.constant(q, m), VerletTrajectory.Mode.REVERSE).item()) / (2 * h);
        assertEquals(fd, along, 1e-6 * Math.abs(fd), "dL/dθ·d against central differences of the trajectory");
    }

    @Test
    void kernelGradientEqualsTheAutodiffScan() {
        double[] theta = model.parameterVector();
        int m = theta.length;
        Var x = o.constant(theta, m);
        double[] fast = o.tensors().toDoubleArray(ad.grad(v -> loss(v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] slow = o.tensors().toDoubleArray(ad.grad(v -> loss(autodiffRoute(), v, VerletTrajectory.Mode.AUTO), x).value());
        double scale = 0;
        for (double g : slow) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0, "the gradient is not zero");
        for (int j = 0; j < m; j++) assertEquals(slow[j], fast[j], 1e-9 * scale, "dL/dθ" + j + ", kernel against the autodiff scan");
    }
}
