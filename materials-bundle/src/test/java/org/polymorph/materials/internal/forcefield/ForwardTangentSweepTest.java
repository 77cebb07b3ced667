package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.potential.Morse;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Forward mode of {@link VerletTrajectory} on the pair styles' fused walk ({@link ForceTangents}): the primal sweep that
 * carries the k tangents gives reverse mode's frames (bit for bit on lj/cut's one-type loop), the gradient from its
 * tangent frames equals the adjoint sweep's to 1e-10, and the JVP (the separate tangent sweep) along a random θ̇ equals
 * the gradient's dot product with it, on short trajectories (32 atoms, 30 steps of 2 fs) of lj/cut with one type in a
 * triclinic cell, lj/cut with two types (the shared pair walk, θ the four per-type values) and morse with two types.
 */
class ForwardTangentSweepTest {
    private static final int STEPS = 30;
    private static final double DT = 0.002;
    private final AD ad = org.polymorph.materials.TestServices.ad();
    private final Ops o = ad.ops();

    /** A family over θ whose ∂p/∂θ is the identity (θ is the kernel's own parameter vector). */
    private static FusedEnergy.Family family(Function<double[], Potential> at, java.util.function.BiFunction<Ops, Var, Object> params) {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] t) { return at.apply(t); }

            @Override public Object params(Ops ops, Var t) { return params.apply(ops, t); }

            @Override public double[] parameterJacobian(double[] t) {
                double[] eye = new double[t.length * t.length];
                for (int k = 0; k < t.length; k++) eye[k * t.length + k] = 1;
                return eye;
            }
        };
    }

    private static Var slice(Ops o, Var t, int from, int to) { return o.sliceAxis(t, 0, from, to); }

    /** A [T, T] table of a two-type style from the per-type values at t[from], t[from + 1], mixed geometrically. */
    private static Var geometric(Ops o, Var t, int from) {
        Var v = slice(o, t, from, from + 2);
        return o.sqrt(o.mul(o.reshape(v, 2, 1), o.reshape(v, 1, 2)));
    }

    /** The symmetric [2, 2] table of the upper triangle t[from .. from + 3). */
    private static Var upper(Ops o, Var t, int from) {
        Var a = slice(o, t, from, from + 1), b = slice(o, t, from + 1, from + 2), c = slice(o, t, from + 2, from + 3);
        return o.reshape(o.concat(0, a, b, b, c), 2, 2);
    }

    private static Atoms argon() { return Lattices.build("fcc", 5.26, new int[] {2, 2, 2}, "Ar", 39.948); }

    /** Every other few atoms of type B (masses 39.948 and 20.18 amu). */
    private static Atoms twoTypes(Atoms a) {
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) t[i] = (i * 7 + 3) % 5 < 2 ? 1 : 0;
        return new Atoms(a.positions(), t, List.of("A", "B"), new double[] {39.948, 20.18}, a.box());
    }

    /** The cell sheared by xy and yz tilts (fractions of the edges), the atoms kept at their fractional positions. */
    private static Atoms triclinic(Atoms a, double xy, double yz) {
        double[] h = a.box().h(), t = h.clone(), r = a.positions(), inv = Box.inverse(h), out = new double[r.length];
        t[3] += xy * h[0];
        t[7] += yz * h[4];
        for (int i = 0; i < r.length / 3; i++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    double frac = 0;
                    for (int k = 0; k < 3; k++) frac += r[3 * i + k] * inv[3 * k + c];
                    s += frac * t[3 * c + b];
                }
                out[3 * i + b] = s;
            }
        }
        return a.withPositions(out).withBox(Box.periodic(t));
    }

    private static double[] velocities(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = 6 * (2 * rnd.nextDouble() - 1);        // Å/ps, about 150 K
        return v;
    }

    /** The frames (positions, then velocities, flattened) of the trajectory of {@code atoms} at θ = x. */
    private Var frames(FusedEnergy.Family f, Atoms atoms, Var x, VerletTrajectory.Mode mode) {
        FusedEnergy e = new FusedEnergy(ad, f, atoms);
        MdTrajectory.Frames fr = MdTrajectory.run(ad, e, o.constant(atoms.box().h(), 3, 3), atoms.positions(), velocities(atoms.size(), 3),
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

    /**
     * Forward mode's primal sweep (force and tangents in one walk) gives the reverse mode's frames: to the last bit when
     * {@code bitwise} (lj/cut's one-type loop), else to 1e-12 of the largest; then the gradients and the JVP.
     */
    private void check(String name, FusedEnergy.Family f, Atoms atoms, double[] theta, boolean bitwise) {
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
        assertTrue(bitwise ? worst == 0 : worst <= 1e-12 * big, name + ": forward mode's frames differ from reverse mode's by " + worst);
        double[] reverse = o.tensors().toDoubleArray(ad.grad(v -> loss(f, atoms, v, VerletTrajectory.Mode.REVERSE), x).value());
        double[] forward = o.tensors().toDoubleArray(ad.grad(v -> loss(f, atoms, v, VerletTrajectory.Mode.FORWARD), x).value());
        double scale = 0;
        for (double g : reverse) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 0, name + ": zero gradient");
        for (int j = 0; j < k; j++) assertEquals(reverse[j], forward[j], 1e-10 * scale, name + ": dL/dθ" + j + ", forward against reverse");
        SplittableRandom rnd = new SplittableRandom(5);
        double[] dir = new double[k];
        for (int j = 0; j < k; j++) dir[j] = (rnd.nextDouble() - 0.5) * theta[j];
        double jvp = ad.jvp((Var v) -> loss(f, atoms, v, VerletTrajectory.Mode.REVERSE), x, o.constant(dir, k)).tangent().item();
        double vjp = 0;
        for (int j = 0; j < k; j++) vjp += reverse[j] * dir[j];
        assertEquals(vjp, jvp, 1e-10 * Math.abs(vjp), name + ": JVP against the gradient's dot product");
    }

    @Test
    void ljCutOneTypeTriclinic() {
        FusedEnergy.Family lj = family(t -> new LjCut(t[0], t[1], 6.0, false),
                (ops, t) -> new LjCut.Params(ops.reshape(slice(ops, t, 0, 1), 1, 1), ops.reshape(slice(ops, t, 1, 2), 1, 1)));
        check("lj/cut triclinic", lj, triclinic(argon(), 0.08, -0.05), new double[] {0.0104, 3.4}, true);
    }

    @Test
    void ljCutTwoTypes() {
        FusedEnergy.Family lj = family(t -> new LjCut(new double[] {t[0], t[1]}, new double[] {t[2], t[3]}, 6.0, true),
                (ops, t) -> new LjCut.Params(geometric(ops, t, 0), geometric(ops, t, 2)));
        check("lj/cut two types", lj, twoTypes(argon()), new double[] {0.0104, 0.008, 3.4, 3.2}, false);
    }

    @Test
    void morseTwoTypes() {
        FusedEnergy.Family morse = family(t -> new Morse(PairSum.fromUpper(new double[] {t[0], t[1], t[2]}, 2),
                        PairSum.fromUpper(new double[] {t[3], t[4], t[5]}, 2), PairSum.fromUpper(new double[] {t[6], t[7], t[8]}, 2), 6.0, true),
                (ops, t) -> new Morse.Params(upper(ops, t, 0), upper(ops, t, 3), upper(ops, t, 6)));
        check("morse two types", morse, twoTypes(argon()), new double[] {0.012, 0.010, 0.009, 1.1, 1.2, 1.15, 3.8, 3.7, 3.6}, false);
    }
}
