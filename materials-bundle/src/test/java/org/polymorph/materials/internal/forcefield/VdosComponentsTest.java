package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The VDOS of a trajectory's velocity components read in place from its frames ({@link MdTrajectory.Frames#velocityComponents},
 * {@link MdCurves#vdosOfComponents}) against the VDOS of its velocities [T, N, 3] ({@link MdCurves#vdos}): 32 fcc argon
 * atoms with lj/cut (ε = 0.0104 eV, σ = 3.4 Å, rc 6 Å), 40 steps of 2 fs from random velocities, θ = (ε, σ), on both
 * trajectory paths (the plain-array primitive and the autodiff scan). The curve, an L2 loss of it and the loss's gradient
 * in θ are the same to the last bit, the gradient nonzero.
 */
class VdosComponentsTest {
    private static final int STEPS = 40;
    private static final double DT = 0.002;
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();
    private final Atoms argon = Lattices.build("fcc", 5.26, new int[] {2, 2, 2}, "Ar", 39.948);
    private final double[] theta = {0.0104, 3.4};
    private final double[] grid = MdCurves.vdosGrid(20);

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

    private MdTrajectory.Frames frames(boolean kernelProducts, Var x) {
        SplittableRandom rnd = new SplittableRandom(5);
        double[] v = new double[3 * argon.size()];
        for (int i = 0; i < v.length; i++) v[i] = 6 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 150 K
        FusedEnergy e = new FusedEnergy(ad, lj(kernelProducts), argon);
        return MdTrajectory.run(ad, e, o.constant(argon.box().h(), 3, 3), argon.positions(), v, argon.atomMasses(), DT, STEPS, x, true);
    }

    private Var inPlace(MdTrajectory.Frames f) { return MdCurves.vdosOfComponents(o, f.velocityComponents(), argon.atomMasses(), DT, grid, 0.5); }

    private Var ofVelocities(MdTrajectory.Frames f) { return MdCurves.vdos(o, f.velocities(), argon.atomMasses(), DT, grid, 0.5); }

    /** L2 distance to a fixed curve (a Gaussian at 2 THz) and its gradient in θ: [loss, ∂/∂ε, ∂/∂σ]. */
    private double[] lossAndGradient(boolean kernelProducts, java.util.function.Function<MdTrajectory.Frames, Var> curve) {
        double[] target = new double[grid.length];
        for (int g = 0; g < grid.length; g++) target[g] = Math.exp(-0.5 * (grid[g] - 2) * (grid[g] - 2));
        BiFunction<Var, Boolean, Var> loss = (x, k) -> MdCurves.l2(o, curve.apply(frames(k, x)), o.constant(target, target.length), grid[1] - grid[0]);
        var r = ad.vjp(x -> loss.apply(x, kernelProducts), o.constant(theta, 2));
        double[] g = o.tensors().toDoubleArray(r.pullback().apply(o.scalar(DType.FLOAT64, 1)).value());
        return new double[] {r.out().item(), g[0], g[1]};
    }

    @Test
    void componentsInPlaceGiveTheSameCurveBitForBit() {
        for (boolean kernelProducts : new boolean[] {true, false}) {
            MdTrajectory.Frames f = frames(kernelProducts, o.constant(theta, 2));
            double[] a = o.tensors().toDoubleArray(inPlace(f).value());
            double[] b = o.tensors().toDoubleArray(ofVelocities(f).value());
            assertEquals(grid.length, a.length);
            assertArrayEquals(b, a, 0.0, "kernel products " + kernelProducts);
        }
    }

    @Test
    void componentsInPlaceGiveTheSameGradientBitForBit() {
        for (boolean kernelProducts : new boolean[] {true, false}) {
            double[] a = lossAndGradient(kernelProducts, this::inPlace);
            double[] b = lossAndGradient(kernelProducts, this::ofVelocities);
            assertArrayEquals(b, a, 0.0, "kernel products " + kernelProducts);
            assertTrue(Math.abs(a[1]) > 0 && Math.abs(a[2]) > 0, "a gradient that could tell the paths apart: " + java.util.Arrays.toString(a));
        }
    }
}
