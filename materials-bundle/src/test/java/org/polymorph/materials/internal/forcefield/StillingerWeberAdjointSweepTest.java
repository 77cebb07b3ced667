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
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.PartialRow;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The reverse sweep of {@link VerletTrajectory} through sw's adjoint product on the atoms ({@link PartialRow.OnAtoms}, the
 * carried walk) gives the gradient that the general product on the extended atoms (the same sw behind a plain
 * {@link SecondOrder}, spread and reduced by the sweep) gives, to 1e-12 of the largest, through 40 steps of 1 fs of 64 silicon
 * atoms from random velocities, θ = sw's (ε, σ, λ) as the benchmark fits them.
 */
class StillingerWeberAdjointSweepTest {
    private static final int STEPS = 40;
    private static final double DT = 0.001;
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0};
    private static final int[] FREE = {StillingerWeber.FILE_PARAMETERS.indexOf("epsilon"), StillingerWeber.FILE_PARAMETERS.indexOf("sigma"),
        StillingerWeber.FILE_PARAMETERS.indexOf("lambda")};
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();

    /** sw behind the plain interfaces only: the sweep takes the general product on the extended atoms. */
    private record Plain(StillingerWeber sw) implements Potential, SecondOrder {
        @Override public String style() { return sw.style(); }
        @Override public double cutoff() { return sw.cutoff(); }
        @Override public boolean needsFullList() { return sw.needsFullList(); }
        @Override public Evaluation compute(Atoms atoms, NeighborList nl) { return sw.compute(atoms, nl); }
        @Override public Var energy(Ops ops, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
            return sw.energy(ops, positions, cell, params, atoms, nl);
        }
        @Override public Object parameters(Ops ops) { return sw.parameters(ops); }
        @Override public int parameterCount() { return sw.parameterCount(); }
        @Override public void hessianProduct(Atoms atoms, NeighborList nl, double[] dX, double[] dp, double[] outX, double[] outP) {
            sw.hessianProduct(atoms, nl, dX, dp, outX, outP);
        }
    }

    /** Si.sw's entry with ε, σ, λ from θ; ∂p/∂θ is 1 at (FREE[j], j). */
    private static FusedEnergy.Family family(Function<StillingerWeber, Potential> wrap) {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] t) {
                double[] p = SW_SI.clone();
                for (int j = 0; j < FREE.length; j++) p[FREE[j]] = t[j];
                double[][] table = new double[p.length][];
                for (int k = 0; k < p.length; k++) table[k] = new double[] {p[k]};
                return wrap.apply(new StillingerWeber(1, table));
            }

            @Override public Object params(Ops ops, Var t) {
                List<Var> values = new ArrayList<>();
                for (double x : SW_SI) values.add(ops.constant(new double[] {x}, 1, 1, 1));
                for (int j = 0; j < FREE.length; j++) values.set(FREE[j], ops.reshape(ops.sliceAxis(t, 0, j, j + 1), 1, 1, 1));
                return StillingerWeber.Params.of(values);
            }

            @Override public double[] parameterJacobian(double[] t) {
                double[] jac = new double[SW_SI.length * FREE.length];
                for (int j = 0; j < FREE.length; j++) jac[FREE[j] * FREE.length + j] = 1;
                return jac;
            }
        };
    }

    /** Σ w ⊙ frames² with fixed random weights over the reverse sweep's frames. */
    private Var loss(FusedEnergy.Family f, Atoms atoms, Var x) {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] v = new double[3 * atoms.size()];
        for (int i = 0; i < v.length; i++) v[i] = 9 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 500 K for silicon
        MdTrajectory.Frames fr = MdTrajectory.run(ad, new FusedEnergy(ad, f, atoms), o.constant(atoms.box().h(), 3, 3), atoms.positions(), v,
                atoms.atomMasses(), DT, STEPS, x, true, VerletTrajectory.Mode.REVERSE, java.util.function.UnaryOperator.identity());
        Var frames = o.concat(0, o.reshape(fr.positions(), -1), o.reshape(fr.velocities(), -1));
        double[] w = new double[(int) frames.value().shape().toArray()[0]];
        SplittableRandom wr = new SplittableRandom(11);
        for (int i = 0; i < w.length; i++) w[i] = wr.nextDouble() * 1e-3;
        return o.sum(o.mul(o.constant(w, w.length), o.square(frames)));
    }

    @Test
    void gradientUnchanged() {
        FusedEnergy.Family onAtoms = family(sw -> sw), general = family(Plain::new);
        double[] theta = {2.1683 * 1.02, 2.0951 * 0.99, 21.0 * 1.03};
        assertTrue(onAtoms.at(theta) instanceof PartialRow.OnAtoms && !(general.at(theta) instanceof PartialRow), "the two paths differ");
        Atoms atoms = Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855);
        Var x = o.constant(theta, theta.length);
        double[] fused = o.tensors().toDoubleArray(ad.grad(v -> loss(onAtoms, atoms, v), x).value());
        double[] plain = o.tensors().toDoubleArray(ad.grad(v -> loss(general, atoms, v), x).value());
        double scale = 0;
        for (double g : plain) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0, "zero gradient");
        for (int j = 0; j < theta.length; j++) {
            assertEquals(plain[j], fused[j], 1e-12 * scale, "dL/dθ" + j + ", the adjoint walk against the general product");
        }
    }
}
