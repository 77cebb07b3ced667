package org.polymorph.materials.internal.forcefield;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Loops;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.potential.FusedEnergy;

/**
 * NVE velocity Verlet (Swope et al. 1982; the same update as dynamics.Integrators.nve) as a
 * differentiable function of the scaled free parameters x, from a fixed state (R₀, V₀):
 * v ← v − (dt/2) G/m; r ← r + dt v; G ← ∂E/∂R(r, h, x); v ← v − (dt/2) G/m, with G from {@link FusedEnergy#gradient}
 * (fused kernel forward, exact Hessian-vector products of the differentiable energy backward, x an operand).
 * <p><b>Estimator.</b> The gradient of a loss of the frames is plain reverse mode through the whole
 * trajectory (backpropagation through time), the estimator the issue names for dynamical
 * properties: a VDOS depends on the time correlations of one trajectory, which a reweighting
 * (DiffTRe-style) estimator of ensemble averages cannot express, and reverse mode gives the exact
 * derivative of the discrete trajectory. Memory is bounded by {@link Loops#scan} with √T
 * checkpointing: the carries (R, V, G) at ⌈√T⌉ segment boundaries are kept and each segment is
 * recomputed during the backward pass (one extra forward pass). The frames themselves are the scan's
 * outputs, [T, 6N] doubles (positions then velocities), which the loss needs anyway. The derivative
 * is that of the discrete map; for chaotic trajectories it grows like e^{λt}, so trajectories of
 * 1–2 ps in a crystal (weakly chaotic) are the intended use.
 * <p>When the potential's kernel has second derivatives ({@link FusedEnergy#secondOrder}) the same trajectory runs as
 * one primitive in plain arrays, {@link VerletTrajectory}, whose reverse and forward modes take one kernel Hessian
 * product per step and no tape.
 */
final class MdTrajectory {
    private MdTrajectory() { }

    /**
     * Positions [T, N, 3] (Å, unwrapped) and velocities [T, N, 3] (Å/ps) after steps 1..T, each sliced from the frames
     * ys [T, 6N] when first read (a VDOS loss never copies the positions, an RDF loss never the velocities): read them in
     * the same autodiff trace as the {@link #run} that made them.
     */
    static final class Frames {
        private final Ops o;
        private final Var ys;
        private final int steps;
        private final int n;
        private Var positions;
        private Var velocities;

        private Frames(Ops o, Var ys, int steps, int n) {
            this.o = o;
            this.ys = ys;
            this.steps = steps;
            this.n = n;
        }

        Var positions() {
            if (positions == null) positions = o.reshape(o.sliceAxis(ys, 1, 0, 3 * n), steps, n, 3);
            return positions;
        }

        Var velocities() {
            if (velocities == null) velocities = o.reshape(o.sliceAxis(ys, 1, 3 * n, 6 * n), steps, n, 3);
            return velocities;
        }

        /**
         * The velocities as components by frame [3N, T] (row 3i + c: component c of atom i, Å/ps): views of the frames
         * with no copy (the layout {@link MdCurves#vdosOfComponents} transforms).
         */
        Var velocityComponents() { return o.transpose(o.sliceAxis(ys, 1, 3 * n, 6 * n), 1, 0); }
    }

    /**
     * {@code steps} steps of {@code dtPs} (ps) from r0, v0 [3N] (Å, Å/ps) with per-atom masses (amu) in the fixed cell {@code cell} [3,3] (Å);
     * {@code checkpoint}: √T checkpointing of the reverse pass. A non-finite position throws
     * ArithmeticException naming the step and the atom.
     */
    static Frames run(AD ad, FusedEnergy energy, Var cell, double[] r0, double[] v0, double[] masses, double dtPs, int steps, Var x, boolean checkpoint) {
        return run(ad, energy, cell, r0, v0, masses, dtPs, steps, x, checkpoint, VerletTrajectory.Mode.AUTO, java.util.function.UnaryOperator.identity());
    }

    /**
     * As above; {@code mode}: how the plain-array path gets its gradients (when the kernel has second derivatives);
     * {@code parallel}: the potential that path runs (a row-parallel wrapper for threads, or the identity).
     */
    static Frames run(AD ad, FusedEnergy energy, Var cell, double[] r0, double[] v0, double[] masses, double dtPs, int steps, Var x, boolean checkpoint,
                      VerletTrajectory.Mode mode, java.util.function.UnaryOperator<org.polymorph.materials.potential.Potential> parallel) {
        return run(ad, energy, cell, r0, v0, masses, dtPs, steps, x, checkpoint, mode, parallel, VerletTrajectory.Reads.ALL);
    }

    /**
     * As above; {@code reads}: the parts of the frames the loss reads (forward mode keeps only their tangents; a loss
     * that reads more gets the same gradient by a tangent sweep in FORWARD mode, by the adjoint in AUTO).
     */
    static Frames run(AD ad, FusedEnergy energy, Var cell, double[] r0, double[] v0, double[] masses, double dtPs, int steps, Var x, boolean checkpoint,
                      VerletTrajectory.Mode mode, java.util.function.UnaryOperator<org.polymorph.materials.potential.Potential> parallel,
                      VerletTrajectory.Reads reads) {
        Ops o = ad.ops();
        int n = masses.length;
        if (energy.secondOrder(o.tensors().toDoubleArray(x.value())) != null) {
            Var ys = new VerletTrajectory(ad, energy, o.tensors().toDoubleArray(cell.value()), r0, v0, masses, dtPs, steps, mode, parallel, reads).frames(x);
            return new Frames(o, ys, steps, n);
        }
        double[] inv = new double[n];
        double ftm2v = UnitSystem.METAL.ftm2v();
        for (int i = 0; i < n; i++) inv[i] = 0.5 * dtPs * ftm2v / masses[i];
        Var halfKick = o.constant(inv, n, 1);                       // (dt/2)/m in (Å/ps)/(eV/Å)
        Var dt = o.scalar(org.polymorph.core.tensor.DType.FLOAT64, dtPs);
        Var r = o.constant(r0, n, 3);
        Var v = o.constant(v0, n, 3);
        Var g = energy.gradient(r, cell, x)[0];
        double[] t = new double[steps];
        for (int k = 0; k < steps; k++) t[k] = k + 1;
        Loops.Scanned<List<Var>> s = Loops.scan(ad, (List<Var> c, Var step, Var p) -> {
            Var vh = o.sub(c.get(1), o.mul(halfKick, c.get(2)));
            Var rn = o.add(c.get(0), o.mul(dt, vh));
            check(o, rn, (int) step.item());
            Var gn = energy.gradient(rn, cell, p)[0];
            Var vn = o.sub(vh, o.mul(halfKick, gn));
            return new Loops.Step<>(List.of(rn, vn, gn), o.concat(0, o.reshape(rn, 3 * n), o.reshape(vn, 3 * n)));
        }, List.of(r, v, g), o.constant(t, steps), x, checkpoint);
        Var ys = s.ys();                                            // [T, 6N]
        return new Frames(o, ys, steps, n);
    }

    private static void check(Ops o, Var r, int step) {
        double[] v = o.tensors().toDoubleArray(r.value());
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ArithmeticException("ff.fit md target: non-finite position at step " + step + ", atom " + i / 3
                        + "; the parameters make the dynamics unstable (shorten the timestep or bound the parameters)");
            }
        }
    }
}
