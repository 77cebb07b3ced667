package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.internal.potential.Tersoff;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Forward mode of {@link VerletTrajectory} on the three-body styles' fused walk ({@link ForceTangents} of sw and tersoff): the
 * primal sweep that carries the k = 3 tangents gives reverse mode's frames to 1e-12 of the largest, and the gradient from its
 * tangent frames equals the adjoint sweep's to 1e-10, on short trajectories (64 silicon atoms, 40 steps of 1 fs from random
 * velocities) with θ the numbers the benchmark fits: (ε, σ, λ) of sw and (A, B, λ1) of tersoff, the others held at Si's.
 */
class ManyBodyForwardSweepTest {
    private static final int STEPS = 40;
    private static final double DT = 0.001;
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0};
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();

    /**
     * The family of a one-element style whose file entry is {@code entry} with the numbers at {@code free} (file order) taken from θ:
     * ∂p/∂θ is 1 at (free[j], j).
     */
    private static FusedEnergy.Family family(double[] entry, int[] free, Function<double[], Potential> at, Function<List<Var>, Object> params) {
        return new FusedEnergy.Family() {
            private double[] numbers(double[] t) {
                double[] p = entry.clone();
                for (int j = 0; j < free.length; j++) p[free[j]] = t[j];
                return p;
            }

            @Override public Potential at(double[] t) { return at.apply(numbers(t)); }

            @Override public Object params(Ops ops, Var t) {
                List<Var> values = new ArrayList<>();
                for (double x : entry) values.add(ops.constant(new double[] {x}, 1, 1, 1));
                for (int j = 0; j < free.length; j++) values.set(free[j], ops.reshape(ops.sliceAxis(t, 0, j, j + 1), 1, 1, 1));
                return params.apply(values);
            }

            @Override public double[] parameterJacobian(double[] t) {
                double[] jac = new double[entry.length * free.length];
                for (int j = 0; j < free.length; j++) jac[free[j] * free.length + j] = 1;
                return jac;
            }
        };
    }

    private static double[][] table(double[] p) {
        double[][] t = new double[p.length][];
        for (int k = 0; k < p.length; k++) t[k] = new double[] {p[k]};
        return t;
    }

    private static Atoms silicon() { return Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855); }

    private static double[] velocities(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = 9 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 500 K for silicon
        return v;
    }

    private Var frames(FusedEnergy.Family f, Atoms atoms, Var x, VerletTrajectory.Mode mode) {
        FusedEnergy e = new FusedEnergy(ad, f, atoms);
        MdTrajectory.Frames fr = MdTrajectory.run(ad, e, o.constant(atoms.box().h(), 3, 3), atoms.positions(), velocities(atoms.size(), 7),
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

    private void check(String name, FusedEnergy.Family f, double[] theta) {
        assertTrue(f.at(theta) instanceof ForceTangents, name + ": the style walks its tangents fused");
        Atoms atoms = silicon();
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
        for (int j = 0; j < k; j++) assertEquals(reverse[j], forward[j], 1e-10 * scale, name + ": dL/dθ" + j + ", forward against reverse");
    }

    @Test
    void stillingerWeber() {
        int[] free = {StillingerWeber.FILE_PARAMETERS.indexOf("epsilon"), StillingerWeber.FILE_PARAMETERS.indexOf("sigma"),
            StillingerWeber.FILE_PARAMETERS.indexOf("lambda")};
        FusedEnergy.Family sw = family(SW_SI, free, p -> new StillingerWeber(1, table(p)), StillingerWeber.Params::of);
        check("sw (epsilon, sigma, lambda)", sw, new double[] {2.1683 * 1.02, 2.0951 * 0.99, 21.0 * 1.03});
    }

    @Test
    void tersoff() {
        int[] free = {Tersoff.FILE_PARAMETERS.indexOf("A"), Tersoff.FILE_PARAMETERS.indexOf("B"), Tersoff.FILE_PARAMETERS.indexOf("lam1")};
        FusedEnergy.Family tersoff = family(TERSOFF_SI, free, p -> new Tersoff(1, table(p)), Tersoff.Params::of);
        check("tersoff (A, B, lam1)", tersoff, new double[] {3264.7 * 1.02, 95.373 * 0.99, 3.2394 * 1.03});
    }
}
