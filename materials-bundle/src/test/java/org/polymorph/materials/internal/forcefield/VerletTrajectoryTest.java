package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The plain-array trajectory primitive (kernel Hessian products, adjoint and tangent sweeps) against the autodiff scan of
 * the same velocity Verlet: 32 fcc argon atoms with lj/cut (ε = 0.0104 eV, σ = 3.4 Å, rc 6 Å), 60 steps of 2 fs from
 * random velocities, θ = (ε, σ). Frames agree, the gradient of a loss of all frames agrees with the scan's and with central
 * differences of the whole trajectory, and forward mode agrees with reverse mode.
 */
class VerletTrajectoryTest {
    private static final int STEPS = 60;
    private static final double DT = 0.002;
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();
    private final Atoms argon = Lattices.build("fcc", 5.26, new int[] {2, 2, 2}, "Ar", 39.948);
    private final double[] theta = {0.0104, 3.4};

    /** lj/cut over θ = (ε, σ); {@code kernelProducts}: declares ∂p/∂θ = I, so that the plain-array primitive is taken. */
    private static FusedEnergy.Family lj(boolean kernelProducts) {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] t) { return new LjCut(t[0], t[1], 6.0, false); }

            @Override public Object params(Ops ops, Var t) {
                return new LjCut.Params(ops.reshape(ops.sliceAxis(t, 0, 0, 1), 1, 1), ops.reshape(ops.sliceAxis(t, 0, 1, 2), 1, 1));
            }

            @Override public double[] parameterJacobian(double[] t) { return kernelProducts ? new double[] {1, 0, 0, 1} : null; }
        };
    }

    private double[] velocities(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[3 * argon.size()];
        for (int i = 0; i < v.length; i++) v[i] = 6 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 150 K
        return v;
    }

    private Var frames(boolean kernelProducts, Var x) { return frames(kernelProducts, x, VerletTrajectory.Mode.REVERSE); }

    private Var frames(boolean kernelProducts, Var x, VerletTrajectory.Mode mode) {
        return frames(kernelProducts, x, mode, java.util.function.UnaryOperator.identity());
    }

    private Var frames(boolean kernelProducts, Var x, VerletTrajectory.Mode mode, java.util.function.UnaryOperator<Potential> parallel) {
        FusedEnergy e = new FusedEnergy(ad, lj(kernelProducts), argon);
        MdTrajectory.Frames f = MdTrajectory.run(ad, e, o.constant(argon.box().h(), 3, 3), argon.positions(), velocities(3), argon.atomMasses(), DT, STEPS, x, true,
                mode, parallel);
        return o.concat(0, o.reshape(f.positions(), -1), o.reshape(f.velocities(), -1));
    }

    /** A loss of every frame: Σ w ⊙ frames² with fixed random weights. */
    private Var loss(boolean kernelProducts, Var x) { return loss(kernelProducts, x, VerletTrajectory.Mode.REVERSE); }

    private Var loss(boolean kernelProducts, Var x, VerletTrajectory.Mode mode) {
        Var f = frames(kernelProducts, x, mode);
        SplittableRandom rnd = new SplittableRandom(11);
        double[] w = new double[(int) f.value().shape().toArray()[0]];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble() * 1e-3;
        return o.sum(o.mul(o.constant(w, w.length), o.square(f)));
    }

    @Test
    void framesEqualTheAutodiffScan() {
        Var x = o.constant(theta, 2);
        double[] fast = o.tensors().toDoubleArray(frames(true, x).value()), slow = o.tensors().toDoubleArray(frames(false, x).value());
        double worst = 0, scale = 0;
        for (int i = 0; i < fast.length; i++) {
            worst = Math.max(worst, Math.abs(fast[i] - slow[i]));
            scale = Math.max(scale, Math.abs(slow[i]));
        }
        assertTrue(worst <= 1e-11 * scale, "frames differ by " + worst + " (scale " + scale + ")");
    }

    @Test
    void reverseModeEqualsTheScanAndFiniteDifferences() {
        Var x = o.constant(theta, 2);
        double[] fast = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v), x).value());
        double[] slow = o.tensors().toDoubleArray(ad.grad(v -> loss(false, v), x).value());
        for (int j = 0; j < 2; j++) {
            assertEquals(slow[j], fast[j], 1e-9 * Math.abs(slow[j]), "dL/dθ" + j + " against the scan");
            double h = 1e-6 * theta[j];
            double[] p = theta.clone(), m = theta.clone();
            p[j] += h;
            m[j] -= h;
            double fd = (loss(true, o.constant(p, 2)).item() - loss(true, o.constant(m, 2)).item()) / (2 * h);
            assertEquals(fd, fast[j], 1e-6 * Math.abs(fd), "dL/dθ" + j + " against central differences");
        }
    }

    @Test
    void forwardModeEqualsReverseMode() {
        Var x = o.constant(theta, 2);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] dir = {rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5};
        double jvp = ad.jvp((Var v) -> loss(true, v), x, o.constant(dir, 2)).tangent().item();
        double[] g = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v), x).value());
        double vjp = g[0] * dir[0] + g[1] * dir[1];
        assertEquals(vjp, jvp, 1e-10 * Math.abs(vjp));
    }

    /** The reverse-mode rule computed by k forward tangent sweeps carried together equals the adjoint sweep. */
    @Test
    void forwardSweepsGiveTheAdjointsGradient() {
        Var x = o.constant(theta, 2);
        double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] forward = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v, VerletTrajectory.Mode.FORWARD), x).value());
        for (int j = 0; j < 2; j++) assertEquals(reverse[j], forward[j], 1e-10 * Math.abs(reverse[j]), "dL/dθ" + j);
    }

    /**
     * Forward mode keeps the tangents of the parts of the frames the loss says it reads: a loss of every 7th frame's
     * positions (counted back from the last, as the RDF picks them) with {@code Reads.positions(7)}, and a loss of every
     * frame whole with {@code Reads.VELOCITIES} (reads more than it kept: the gradient then comes from a tangent sweep),
     * each equal to reverse mode's gradient.
     */
    @Test
    void forwardModeKeepsWhatTheLossReads() {
        Var x = o.constant(theta, 2);
        FusedEnergy e = new FusedEnergy(ad, lj(true), argon);
        int[] picked = java.util.stream.IntStream.iterate(STEPS - 1, f -> f >= 0, f -> f - 7).toArray();
        java.util.function.BiFunction<Var, VerletTrajectory.Mode, Var> everySeventh = (v, mode) -> {
            MdTrajectory.Frames f = MdTrajectory.run(ad, e, o.constant(argon.box().h(), 3, 3), argon.positions(), velocities(3), argon.atomMasses(), DT, STEPS,
                    v, true, mode, java.util.function.UnaryOperator.identity(), VerletTrajectory.Reads.positions(7));
            return o.sum(o.square(o.take(f.positions(), o.constant(o.tensors().fromArray(picked, picked.length)), 0)));
        };
        java.util.function.BiFunction<Var, VerletTrajectory.Mode, Var> whole = (v, mode) -> {
            MdTrajectory.Frames f = MdTrajectory.run(ad, e, o.constant(argon.box().h(), 3, 3), argon.positions(), velocities(3), argon.atomMasses(), DT, STEPS,
                    v, true, mode, java.util.function.UnaryOperator.identity(), VerletTrajectory.Reads.VELOCITIES);
            return o.add(o.sum(o.square(f.positions())), o.sum(o.square(f.velocities())));
        };
        for (var loss : java.util.List.of(everySeventh, whole)) {
            double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss.apply(v, VerletTrajectory.Mode.REVERSE), x).value());
            double[] forward = o.tensors().toDoubleArray(ad.grad(v -> loss.apply(v, VerletTrajectory.Mode.FORWARD), x).value());
            for (int j = 0; j < 2; j++) assertEquals(reverse[j], forward[j], 1e-10 * Math.abs(reverse[j]), "dL/dθ" + j);
        }
    }

    /**
     * AUTO carries the tangents for θ's two parameters (lj/cut walks force and tangents at once) when a derivative may
     * follow, and its gradient is reverse mode's; the frames of a constant θ are the same either way.
     */
    @Test
    void autoTakesForwardModeForFewParameters() {
        FusedEnergy e = new FusedEnergy(ad, lj(true), argon);
        for (VerletTrajectory.Mode mode : VerletTrajectory.Mode.values()) {
            VerletTrajectory t = new VerletTrajectory(ad, e, argon.box().h(), argon.positions(), velocities(3), argon.atomMasses(), DT, STEPS, mode);
            assertEquals(mode != VerletTrajectory.Mode.REVERSE, t.carries(theta), mode.toString());
        }
        Var x = o.constant(theta, 2);
        double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] auto = o.tensors().toDoubleArray(ad.grad(v -> loss(true, v, VerletTrajectory.Mode.AUTO), x).value());
        for (int j = 0; j < 2; j++) assertEquals(reverse[j], auto[j], 1e-10 * Math.abs(reverse[j]), "dL/dθ" + j);
        org.junit.jupiter.api.Assertions.assertArrayEquals(o.tensors().toDoubleArray(frames(true, x, VerletTrajectory.Mode.REVERSE).value()),
                o.tensors().toDoubleArray(frames(true, x, VerletTrajectory.Mode.AUTO).value()));
    }

    /** Reads.blocks counts the frames' parts that Reads.positions and velocities name. */
    @Test
    void readsCountTheirParts() {
        for (int every : new int[] {0, 1, 3, 7, 10}) {
            for (boolean velocities : new boolean[] {false, true}) {
                VerletTrajectory.Reads r = new VerletTrajectory.Reads(every, velocities);
                for (int frames : new int[] {1, 2, 9, 10, 11, 60}) {
                    long counted = 0;
                    for (int f = 0; f < frames; f++) counted += (r.positions(f, frames) ? 1 : 0) + (velocities ? 1 : 0);
                    assertEquals(counted, r.blocks(frames), r + ", " + frames + " frames");
                }
            }
        }
    }

    /** On three row-parallel threads (forces and Hessian products split by rows) the gradient is the one-thread gradient. */
    @Test
    void threadsGiveTheSameGradient() {
        Var x = o.constant(theta, 2);
        var catalog = org.polymorph.materials.internal.potential.provider.FixedCatalog.builtin();
        java.util.function.UnaryOperator<Potential> threaded = p -> org.polymorph.materials.internal.method.RowParallel.of(catalog, p, 3);
        for (VerletTrajectory.Mode mode : new VerletTrajectory.Mode[] {VerletTrajectory.Mode.REVERSE, VerletTrajectory.Mode.FORWARD}) {
            double[] one = o.tensors().toDoubleArray(ad.grad(v -> o.sum(o.square(frames(true, v, mode))), x).value());
            double[] three = o.tensors().toDoubleArray(ad.grad(v -> o.sum(o.square(frames(true, v, mode, threaded))), x).value());
            for (int j = 0; j < 2; j++) assertEquals(one[j], three[j], 1e-10 * Math.abs(one[j]), mode + " dL/dθ" + j);
        }
    }

    @Test
    void secondOrderThroughThePrimitiveIsRefusedByName() {
        Var x = o.constant(theta, 2);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ad.grad((Var v) -> o.sum(o.square(ad.grad(u -> loss(true, u), v))), x));
        assertTrue(e.getMessage().contains(VerletTrajectory.ADJOINT_NAME), e.getMessage());
    }
}
