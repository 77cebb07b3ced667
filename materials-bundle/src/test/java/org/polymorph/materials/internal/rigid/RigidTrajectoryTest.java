package org.polymorph.materials.internal.rigid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidIntegrator;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/**
 * The differentiable rigid-body NVE trajectory is RigidNve's (two implementations of one step agree to
 * round-off over hundreds of steps, 3D and 2D), and the reverse-mode gradient of a loss of its final state
 * (centres, orientations, momenta, angular momenta, point positions and potential energy) w.r.t. the shape's
 * points and the LJ parameters (ε_A, ε_B, σ_A, σ_B) equals central differences of RigidNve, with and without √T
 * checkpointing. Reduced LJ units, float64.
 */
class RigidTrajectoryTest {
    private static final UnitSystem LJ = UnitSystem.LJ;
    private static final double DT = 0.002;
    private static final double[] THETA = {1.0, 0.8, 1.0, 0.9};
    /** An asymmetric tetrahedron of two species (not in its principal frame) and an asymmetric planar triangle. */
    private static final double[] TETRA = {0, 0, 0, 1.1, 0.2, 0, 0.1, 0.9, 0.3, 0.4, 0.3, 1.2};
    private static final double[] TRIANGLE = {0, 0, 1.0, 0, 0.3, 0.9};
    private static final int[] SPECIES3 = {0, 1, 0, 1};
    private static final double[] MASSES3 = {1.0, 2.0, 1.5, 0.7};
    private static final int[] SPECIES2 = {0, 1, 0};
    private static final double[] MASSES2 = {1.0, 1.3, 0.8};
    /** Nosé–Hoover: target T = 0.7 (the bodies start at 1.0), τ = 20·dt so that the chains act within the test's steps, chains of 3, 2 sub-steps. */
    private static final RigidTrajectory.NoseHoover NH = new RigidTrajectory.NoseHoover(Ramp.constant(0.7), 20 * DT, 3, 2);

    /** The free-rotor axis order of RigidNve and RigidNoseHoover by default (Motion.rotate): x, y, z, y, x. */
    private static final Splitting PLAIN_ROTOR = Splitting.LAMMPS;

    private final AD ad = TestServices.ad();
    private final Ops o = ad.ops();

    /** lj/cut of two types, shifted at 2.5, θ = (ε_A, ε_B, σ_A, σ_B), geometric mixing as LjCut. */
    private static FusedEnergy.Family lj() {
        return new FusedEnergy.Family() {
            @Override public org.polymorph.materials.potential.Potential at(double[] t) {
                return new LjCut(new double[] {t[0], t[1]}, new double[] {t[2], t[3]}, 2.5, true);
            }

            @Override public Object params(Ops ops, Var t) {
                Var e = ops.sliceAxis(t, 0, 0, 2), s = ops.sliceAxis(t, 0, 2, 4);
                return new LjCut.Params(ops.sqrt(ops.outer(e, e)), ops.sqrt(ops.outer(s, s)));
            }
        };
    }

    private static Shape shape(boolean three, double[] x) {
        return three ? Shape.of3d(x, SPECIES3, MASSES3) : Shape.of2d(x, SPECIES2, MASSES2);
    }

    private static RigidSystem system(boolean three, double[] x) {
        if (three) return new RigidSystem(List.of(shape(true, x)), List.of("A", "B"), Box.orthorhombic(6.2, 6.2, 6.2));
        return new RigidSystem(List.of(shape(false, x)), List.of("A", "B"), new Box(new double[] {8.7, 0, 0, 0, 8.7, 0, 0, 0, 10}, new boolean[] {true, true, false}));
    }

    /** 2×2×2 (3D) or 3×3 (2D) bodies on a grid, random orientations of the points' own frame, thermal momenta at T = 1. */
    private static RigidBodies start(boolean three) {
        int n = three ? 8 : 9;
        double a = three ? 3.1 : 2.9;
        double[] c = new double[3 * n];
        double[] q = new double[(three ? 4 : 1) * n];
        RandomKey key = RandomKey.of(11);
        for (int i = 0; i < n; i++) {
            if (three) {
                c[3 * i] = a * (i % 2 + 0.5);
                c[3 * i + 1] = a * ((i / 2) % 2 + 0.5);
                c[3 * i + 2] = a * (i / 4 + 0.5);
                Quaternion.random(key, i).into(q, i);
            } else {
                c[3 * i] = a * (i % 3 + 0.5);
                c[3 * i + 1] = a * (i / 3 + 0.5);
                q[i] = 2 * Math.PI * key.uniform(i);
            }
        }
        RigidBodies b = RigidBodies.atRest(three ? 3 : 2, c, q, new int[n]);
        return system(three, three ? TETRA : TRIANGLE).thermalised(RandomKey.of(5), b, 1.0, LJ);
    }

    /** RigidNve's final state from the bodies of {@link #start} with the shape's points x and parameters θ. */
    private static RigidState plain(boolean three, boolean nvt, double[] x, double[] theta, int steps) {
        RigidSystem sys = system(three, x);
        RigidBodies s = start(three);
        double[] q = s.orientations();
        if (three) for (int i = 0; i < s.size(); i++) s.orientation(i).times(sys.shape(0).orientation()).into(q, i);
        RigidBodies b = new RigidBodies(s.dimension(), s.centres(), q, s.momenta(), s.angularMomenta(), s.shapes());
        RigidForces forces = new RigidForces(PotentialForceField.of(lj().at(theta), 0.3), sys);
        RigidIntegrator in = nvt ? new RigidNoseHoover(forces, DT, NH.temperature(), NH.tau(), NH.chain(), NH.chainSteps(), LJ) : new RigidNve(forces, DT, LJ);
        RigidState st = in.init(RandomKey.of(1), b);
        for (int k = 0; k < steps; k++) st = in.step(st);
        return st;
    }

    /** Fixed random weights of the loss, one per final-state number. */
    private record Weights(double[] c, double[] q, double[] p, double[] l, double[] r, double e, double[] chains) {
        static Weights of(boolean three, boolean nvt, int bodies, int points) {
            SplittableRandom rnd = new SplittableRandom(three ? 7 : 8);
            return new Weights(draw(rnd, 3 * bodies), draw(rnd, (three ? 4 : 1) * bodies), draw(rnd, 3 * bodies), draw(rnd, (three ? 3 : 1) * bodies),
                    draw(rnd, 3 * points), 0.3, nvt ? scaled(draw(rnd, 4 * NH.chain()), 0.01) : new double[0]);
        }

        /** The chain variables are far more sensitive than the bodies' state; small weights keep both visible in the loss. */
        private static double[] scaled(double[] w, double f) {
            for (int i = 0; i < w.length; i++) w[i] *= f;
            return w;
        }

        private static double[] draw(SplittableRandom rnd, int n) {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = rnd.nextDouble() - 0.5;
            return w;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double loss(RigidState s, Weights w) {
        RigidBodies b = s.bodies();
        return dot(w.c, b.centres()) + dot(w.q, b.orientations()) + dot(w.p, b.momenta()) + dot(w.l, b.angularMomenta())
                + dot(w.r, s.system().points(b).positions()) + w.e * s.potentialEnergy() + dot(w.chains, chains(s));
    }

    private Var weighted(Var x, double[] w) { return o.sum(o.mul(o.reshape(x, w.length), o.constant(w, w.length))); }

    private Var loss(RigidTrajectory.Final f, Weights w) {
        return weighted(f.centres(), w.c).add(weighted(f.orientations(), w.q)).add(weighted(f.momenta(), w.p)).add(weighted(f.angularMomenta(), w.l))
                .add(weighted(f.points(), w.r)).add(f.potentialEnergy().mul(w.e)).add(f.thermostat() == null ? o.scalarLike(f.centres(), 0) : weighted(f.thermostat(), w.chains));
    }

    /** ξ and v_ξ of the translational chain, then of the rotational one [4M] (empty under NVE). */
    private static double[] chains(RigidState s) {
        double[][] parts = {s.translationChain().eta(), s.translationChain().vEta(), s.rotationChain().eta(), s.rotationChain().vEta()};
        double[] c = new double[0];
        for (double[] p : parts) c = concat(c, p);
        return c;
    }

    private RigidTrajectory.Final ops(boolean three, boolean nvt, Var x, Var theta, int steps, boolean checkpoint) {
        double[] x0 = three ? TETRA : TRIANGLE;
        return new RigidTrajectory(ad, lj(), system(three, x0), DT, nvt ? NH : null, PLAIN_ROTOR, LJ).run(List.of(x), theta, start(three), steps, checkpoint);
    }

    private double[] values(Var v) { return o.tensors().toDoubleArray(v.value()); }

    private static void close(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol * Math.max(1, scale), what + " " + i);
    }

    private void agree(boolean three, boolean nvt, int steps) {
        double[] x = three ? TETRA : TRIANGLE;
        RigidState p = plain(three, nvt, x, THETA, steps);
        RigidTrajectory.Final f = ops(three, nvt, o.constant(x, x.length / (three ? 3 : 2), three ? 3 : 2), o.constant(THETA, 4), steps, false);
        RigidBodies b = p.bodies();
        double dev = 0;
        double[][] pairs = {b.centres(), values(f.centres()), b.orientations(), values(f.orientations()), b.momenta(), values(f.momenta()),
            b.angularMomenta(), values(f.angularMomenta())};
        for (int i = 0; i < pairs.length; i += 2) for (int j = 0; j < pairs[i].length; j++) dev = Math.max(dev, Math.abs(pairs[i][j] - pairs[i + 1][j]));
        System.out.printf("rigid %dD %s, %d steps: max |ops - plain| over the final state = %.2e%n", three ? 3 : 2, nvt ? "NVT" : "NVE", steps, dev);
        close(b.centres(), values(f.centres()), 1e-12, "centre");
        close(b.orientations(), values(f.orientations()), 1e-12, "orientation");
        close(b.momenta(), values(f.momenta()), 1e-12, "momentum");
        close(b.angularMomenta(), values(f.angularMomenta()), 1e-12, "angular momentum");
        close(p.system().points(b).positions(), values(f.points()), 1e-12, "point");
        assertEquals(p.potentialEnergy(), f.potentialEnergy().item(), 1e-12 * Math.abs(p.potentialEnergy()));
        if (nvt) {
            close(chains(p), values(f.thermostat()), 1e-12, "chain");
            assertTrue(Math.abs(p.translationChain().vEta()[0]) > 1e-2, "the thermostat acted: v_xi0 = " + p.translationChain().vEta()[0]);
        }
        double[] path = values(f.centreTrajectory());
        for (int i = 0; i < b.centres().length; i++) assertEquals(b.centres()[i], path[path.length - b.centres().length + i], 1e-12 * 10);
        // the bodies moved and interacted: not a trivial trajectory
        RigidBodies s = start(three);
        double moved = 0;
        for (int i = 0; i < b.centres().length; i++) moved = Math.max(moved, Math.abs(b.centres()[i] - s.centres()[i]));
        assertTrue(moved > 0.05, "bodies moved by at most " + moved);
        assertTrue(p.potentialEnergy() < -1, "potential energy " + p.potentialEnergy());
    }

    /**
     * 300 steps of the ops trajectory equal RigidNve (3D: NO_SQUISH, tetrahedra not given in their principal frame; 2D: angles)
     * or RigidNoseHoover (chains on translation and rotation, chain variables compared too) to 1e-12.
     */
    @ParameterizedTest(name = "3D {0}, Nosé–Hoover {1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void opsTrajectoryEqualsPlainIntegrator(boolean three, boolean nvt) { agree(three, nvt, 300); }

    /**
     * d loss / d (shape points, θ) by reverse mode, with and without checkpointing, against central differences of RigidNve
     * (step 1e-6 per coordinate); max |AD − FD| ≤ 1e-6 · max |FD|.
     */
    private void gradient(boolean three, boolean nvt, int steps) {
        double[] x = three ? TETRA : TRIANGLE;
        int d = three ? 3 : 2;
        RigidState p0 = plain(three, nvt, x, THETA, steps);
        Weights w = Weights.of(three, nvt, p0.bodies().size(), p0.system().pointCount(p0.bodies()));
        List<Var> in = List.of(o.constant(x, x.length / d, d), o.constant(THETA, 4));
        List<Var> g = ad.grad((List<Var> v) -> loss(ops(three, nvt, v.get(0), v.get(1), steps, false), w), in);
        List<Var> gc = ad.grad((List<Var> v) -> loss(ops(three, nvt, v.get(0), v.get(1), steps, true), w), in);
        double[] ad0 = concat(values(g.get(0)), values(g.get(1)));
        double[] adc = concat(values(gc.get(0)), values(gc.get(1)));
        close(ad0, adc, 1e-12, "checkpointed gradient");
        double h = 1e-6;
        double[] fd = new double[ad0.length];
        List<String> report = new ArrayList<>();
        for (int j = 0; j < fd.length; j++) {
            double[] xp = x.clone(), xm = x.clone(), tp = THETA.clone(), tm = THETA.clone();
            if (j < x.length) {
                xp[j] += h;
                xm[j] -= h;
            } else {
                tp[j - x.length] += h;
                tm[j - x.length] -= h;
            }
            fd[j] = (loss(plain(three, nvt, xp, tp, steps), w) - loss(plain(three, nvt, xm, tm, steps), w)) / (2 * h);
            report.add(String.format("%.9e/%.9e", ad0[j], fd[j]));
        }
        double scale = 0, err = 0;
        for (int j = 0; j < fd.length; j++) {
            scale = Math.max(scale, Math.abs(fd[j]));
            err = Math.max(err, Math.abs(fd[j] - ad0[j]));
        }
        System.out.printf("rigid %dD " + (nvt ? "NVT" : "NVE") + " gradient over %d steps: max|AD-FD|/max|FD| = %.2e (AD/FD %s)%n", d, steps, err / scale, report);
        assertTrue(err <= 1e-6 * scale, "max |AD - FD| = " + err + " against max |FD| = " + scale + ": " + report);
        assertTrue(scale > 1e-3, "the loss barely depends on the parameters: " + report);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Over 60 steps, NVE and Nosé–Hoover, 3D and 2D. */
    @ParameterizedTest(name = "3D {0}, Nosé–Hoover {1}")
    @CsvSource({"true, false", "false, false", "true, true", "false, true"})
    void gradientOfFinalStateMatchesCentralDifferences(boolean three, boolean nvt) { gradient(three, nvt, 60); }

    /**
     * With intra-body pairs included (jax-md's convention) the trajectory is the same and the potential energy is larger by
     * the bodies' own pair energies, as the plain force map reports it.
     */
    @Test
    void intraBodyPairsChangeOnlyTheEnergy() {
        RigidSystem in = new RigidSystem(List.of(shape(true, TETRA)), List.of("A", "B"), Box.orthorhombic(6.2, 6.2, 6.2), true);
        RigidBodies s = start(true);
        Var x = o.constant(TETRA, 4, 3), theta = o.constant(THETA, 4);
        RigidTrajectory.Final with = new RigidTrajectory(ad, lj(), in, DT, null, PLAIN_ROTOR, LJ).run(List.of(x), theta, s, 20, false);
        RigidTrajectory.Final without = ops(true, false, x, theta, 20, false);
        close(values(without.centres()), values(with.centres()), 0, "centre");
        double intra = new RigidForces(PotentialForceField.of(lj().at(THETA), 0.3), system(true, TETRA)).intraBodyEnergy(0);
        assertTrue(Math.abs(intra) > 1e-3, "the tetrahedron's own pair energy " + intra);
        assertEquals(8 * intra, with.potentialEnergy().item() - without.potentialEnergy().item(), 1e-10);
    }

    /** A chain of no thermostats and misshapen shape points are bad input naming the parameter. */
    @Test
    void badParametersAreBadInput() {
        RigidSystem sys = system(true, TETRA);
        BadInputException e = assertThrows(BadInputException.class, () -> new RigidTrajectory.NoseHoover(Ramp.constant(1), 0.1, 0, 1));
        assertTrue(e.getMessage().contains("chain"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new RigidTrajectory(ad, lj(), sys, DT, LJ).run(List.of(o.constant(TETRA, 2, 6)), o.constant(THETA, 4),
                start(true), 5, false));
        assertTrue(e.getMessage().contains("shape_points"), e.getMessage());
    }

    /** A shape with two equal principal moments has no unique principal frame: bad input naming the points. */
    @Test
    void symmetricShapeIsBadInput() {
        double[] square = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
        RigidSystem sys = new RigidSystem(List.of(Shape.of3d(square, new int[4], new double[] {1, 1, 1, 1})), List.of("A", "B"), Box.orthorhombic(6, 6, 6));
        RigidTrajectory t = new RigidTrajectory(ad, lj(), sys, DT, LJ);
        RigidBodies b = RigidBodies.atRest(3, new double[] {3, 3, 3}, new double[] {1, 0, 0, 0}, new int[1]);
        BadInputException e = assertThrows(BadInputException.class, () -> t.run(List.of(o.constant(square, 4, 3)), o.constant(THETA, 4), b, 5, false));
        assertTrue(e.getMessage().contains("shape_points") && e.getMessage().contains("equal principal moments"), e.getMessage());
    }
}
