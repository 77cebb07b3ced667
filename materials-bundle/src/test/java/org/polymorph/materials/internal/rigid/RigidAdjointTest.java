package org.polymorph.materials.internal.rigid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/**
 * The plain-array rigid-body adjoint ({@link RigidAdjoint}) behind {@link RigidTrajectory}'s reverse pass under NVE:
 * its trajectory is RigidNve's to 1e-12 over 300 steps; the gradient of a loss of the final state and the centre
 * trajectory w.r.t. the shape's points and the LJ parameters equals the autodiff tape's to 1e-10; the gradient w.r.t.
 * every operand (initial centres, orientations, momenta, angular momenta, body-frame points, moments, θ) equals central
 * differences of the whole trajectory to 1e-6; forward mode (the tangent sweep) agrees with reverse mode to 1e-10; √T
 * checkpoints. 3D (NO_SQUISH) and 2D, reduced LJ units, float64.
 */
class RigidAdjointTest {
    private static final UnitSystem LJ = UnitSystem.LJ;
    private static final double DT = 0.002;
    private static final double[] THETA = {1.0, 0.8, 1.0, 0.9};
    /** An asymmetric tetrahedron of two species (not in its principal frame) and an asymmetric planar triangle. */
    private static final double[] TETRA = {0, 0, 0, 1.1, 0.2, 0, 0.1, 0.9, 0.3, 0.4, 0.3, 1.2};
    private static final double[] TRIANGLE = {0, 0, 1.0, 0, 0.3, 0.9};

    private final AD ad = TestServices.ad();
    private final Ops o = ad.ops();

    /** lj/cut of two types, shifted at 2.5, θ = (ε_A, ε_B, σ_A, σ_B) = LjCut's SecondOrder vector (∂p/∂θ = 1 unless {@code jacobian} is false). */
    private static FusedEnergy.Family lj(boolean jacobian) {
        return new FusedEnergy.Family() {
            @Override public org.polymorph.materials.potential.Potential at(double[] t) {
                return new LjCut(new double[] {t[0], t[1]}, new double[] {t[2], t[3]}, 2.5, true);
            }

            @Override public Object params(Ops ops, Var t) {
                Var e = ops.sliceAxis(t, 0, 0, 2), s = ops.sliceAxis(t, 0, 2, 4);
                return new LjCut.Params(ops.sqrt(ops.outer(e, e)), ops.sqrt(ops.outer(s, s)));
            }

            @Override public double[] parameterJacobian(double[] t) {
                if (!jacobian) return null;
                double[] eye = new double[16];
                for (int k = 0; k < 4; k++) eye[5 * k] = 1;
                return eye;
            }
        };
    }

    private static Shape shape(boolean three, double[] x) {
        return three ? Shape.of3d(x, new int[] {0, 1, 0, 1}, new double[] {1.0, 2.0, 1.5, 0.7}) : Shape.of2d(x, new int[] {0, 1, 0}, new double[] {1.0, 1.3, 0.8});
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

    /** RigidNve's final state from the bodies of {@link #start} (orientations of the principal frame) with parameters θ. */
    private static RigidState plain(boolean three, int steps) {
        RigidSystem sys = system(three, three ? TETRA : TRIANGLE);
        RigidBodies s = start(three);
        double[] q = s.orientations();
        if (three) for (int i = 0; i < s.size(); i++) s.orientation(i).times(sys.shape(0).orientation()).into(q, i);
        RigidBodies b = new RigidBodies(s.dimension(), s.centres(), q, s.momenta(), s.angularMomenta(), s.shapes());
        RigidNve in = new RigidNve(new RigidForces(PotentialForceField.of(lj(true).at(THETA), 0.3), sys), DT, LJ);
        RigidState st = in.init(RandomKey.of(1), b);
        for (int k = 0; k < steps; k++) st = in.step(st);
        return st;
    }

    private RigidTrajectory trajectory(boolean three, boolean jacobian, RigidTrajectory.Reverse mode) {
        return new RigidTrajectory(ad, lj(jacobian), system(three, three ? TETRA : TRIANGLE), DT, null, Splitting.LAMMPS, LJ).with(mode);
    }

    private double[] values(Var v) { return o.tensors().toDoubleArray(v.value()); }

    private static void close(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol * Math.max(1, scale), what + " " + i);
    }

    private static double[] draw(SplittableRandom rnd, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rnd.nextDouble() - 0.5;
        return w;
    }

    private Var weighted(Var x, double[] w) { return o.sum(o.mul(o.reshape(x, w.length), o.constant(w, w.length))); }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) n += p.length;
        double[] c = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, c, k, p.length);
            k += p.length;
        }
        return c;
    }

    /** 300 steps through the adjoint primitive equal RigidNve's (final state, points, potential energy, centre path) to 1e-12. */
    @ParameterizedTest(name = "3D {0}")
    @ValueSource(booleans = {true, false})
    void trajectoryEqualsRigidNve(boolean three) {
        int steps = 300;
        RigidTrajectory t = trajectory(three, true, RigidTrajectory.Reverse.ADJOINT);
        double[] x = three ? TETRA : TRIANGLE;
        int d = three ? 3 : 2;
        RigidTrajectory.Final f = t.run(List.of(o.constant(x, x.length / d, d)), o.constant(THETA, 4), start(three), steps, true);
        RigidState p = plain(three, steps);
        RigidBodies b = p.bodies();
        close(b.centres(), values(f.centres()), 1e-12, "centre");
        close(b.orientations(), values(f.orientations()), 1e-12, "orientation");
        close(b.momenta(), values(f.momenta()), 1e-12, "momentum");
        close(b.angularMomenta(), values(f.angularMomenta()), 1e-12, "angular momentum");
        close(p.system().points(b).positions(), values(f.points()), 1e-12, "point");
        assertEquals(p.potentialEnergy(), f.potentialEnergy().item(), 1e-12 * Math.abs(p.potentialEnergy()));
        double[] path = values(f.centreTrajectory());
        assertEquals(steps * b.size() * 3, path.length);
        for (int i = 0; i < b.centres().length; i++) assertEquals(b.centres()[i], path[path.length - b.centres().length + i], 1e-12 * 10);
        RigidBodies s = start(three);
        double moved = 0;
        for (int i = 0; i < b.centres().length; i++) moved = Math.max(moved, Math.abs(b.centres()[i] - s.centres()[i]));
        assertTrue(moved > 0.05, "bodies moved by at most " + moved);
        assertTrue(p.potentialEnergy() < -1, "potential energy " + p.potentialEnergy());
    }

    /** A loss of everything RigidTrajectory returns, with fixed random weights. */
    private Var loss(RigidTrajectory.Final f, SplittableRandom rnd, int bodies, int points, int steps, boolean three) {
        return weighted(f.centres(), draw(rnd, 3 * bodies)).add(weighted(f.orientations(), draw(rnd, (three ? 4 : 1) * bodies)))
                .add(weighted(f.momenta(), draw(rnd, 3 * bodies))).add(weighted(f.angularMomenta(), draw(rnd, (three ? 3 : 1) * bodies)))
                .add(weighted(f.points(), draw(rnd, 3 * points))).add(f.potentialEnergy().mul(0.3))
                .add(weighted(f.centreTrajectory(), draw(rnd, 3 * bodies * steps)).mul(0.05));
    }

    /** d loss / d (shape points, θ) by the adjoint equals the tape's (same trajectory, same loss) to 1e-10 of its largest entry. */
    @ParameterizedTest(name = "3D {0}")
    @ValueSource(booleans = {true, false})
    void gradientEqualsTape(boolean three) {
        int steps = 60;
        double[] x = three ? TETRA : TRIANGLE;
        int d = three ? 3 : 2;
        RigidBodies s = start(three);
        int points = s.size() * x.length / d;
        List<Var> in = List.of(o.constant(x, x.length / d, d), o.constant(THETA, 4));
        RigidTrajectory adj = trajectory(three, true, RigidTrajectory.Reverse.ADJOINT);
        RigidTrajectory tape = trajectory(three, true, RigidTrajectory.Reverse.TAPE);
        assertTrue(adj.adjoint(new FusedEnergy(ad, lj(true), system(three, x).points(s)), THETA));
        List<Var> ga = ad.grad((List<Var> v) -> loss(adj.run(List.of(v.get(0)), v.get(1), s, steps, true), new SplittableRandom(3), s.size(), points, steps, three), in);
        List<Var> gt = ad.grad((List<Var> v) -> loss(tape.run(List.of(v.get(0)), v.get(1), s, steps, true), new SplittableRandom(3), s.size(), points, steps, three), in);
        double[] a = concat(values(ga.get(0)), values(ga.get(1))), t = concat(values(gt.get(0)), values(gt.get(1)));
        double scale = 0, err = 0;
        for (int i = 0; i < t.length; i++) {
            scale = Math.max(scale, Math.abs(t[i]));
            err = Math.max(err, Math.abs(a[i] - t[i]));
        }
        System.out.printf("rigid adjoint %dD, %d steps: max |adjoint - tape| / max |tape| = %.2e over %d entries%n", d, steps, err / scale, t.length);
        assertTrue(scale > 1e-2, "the loss barely depends on the points and parameters: " + java.util.Arrays.toString(t));
        assertTrue(err <= 1e-10 * scale, "max |adjoint - tape| = " + err + " against max |tape| = " + scale);
    }

    /** Forward mode through RigidTrajectory along a random direction of (shape points, θ): the tangent sweep equals the tape's JVP to 1e-10. */
    @ParameterizedTest(name = "3D {0}")
    @ValueSource(booleans = {true, false})
    void trajectoryTangentEqualsTape(boolean three) {
        int steps = 30;
        double[] x = three ? TETRA : TRIANGLE;
        int d = three ? 3 : 2;
        RigidBodies s = start(three);
        int points = s.size() * x.length / d;
        SplittableRandom rnd = new SplittableRandom(5);
        List<Var> in = List.of(o.constant(x, x.length / d, d), o.constant(THETA, 4));
        List<Var> v = List.of(o.constant(scale(draw(rnd, x.length), 0.2), x.length / d, d), o.constant(draw(rnd, 4), 4));
        double[] got = new double[2];
        RigidTrajectory.Reverse[] modes = {RigidTrajectory.Reverse.ADJOINT, RigidTrajectory.Reverse.TAPE};
        for (int m = 0; m < 2; m++) {
            RigidTrajectory t = trajectory(three, true, modes[m]);
            got[m] = ad.jvp((List<Var> u) -> loss(t.run(List.of(u.get(0)), u.get(1), s, steps, false), new SplittableRandom(3), s.size(), points, steps, three), in, v)
                    .tangent().item();
        }
        System.out.printf("rigid trajectory %dD tangent: adjoint primitive %.12e, tape %.12e%n", d, got[0], got[1]);
        assertTrue(Math.abs(got[1]) > 1e-3, "the loss barely moves along v: " + got[1]);
        assertEquals(got[1], got[0], 1e-10 * Math.abs(got[1]));
    }

    /** The operands of the adjoint primitive at the start of {@link #start}: c₀, q₀, P₀, L₀, s [N, 3], I [B, 3], θ. */
    private static double[][] operands(boolean three) {
        RigidSystem sys = system(three, three ? TETRA : TRIANGLE);
        RigidBodies s = start(three);
        Shape sh = sys.shape(0);
        double[] q = s.orientations();
        if (three) for (int i = 0; i < s.size(); i++) s.orientation(i).times(sh.orientation()).into(q, i);
        double[] pts = new double[3 * s.size() * sh.size()];
        double[] moments = new double[3 * s.size()];
        for (int i = 0, a = 0; i < s.size(); i++) {
            for (int p = 0; p < sh.size(); p++, a++) for (int k = 0; k < 3; k++) pts[3 * a + k] = sh.point(p, k);
            for (int k = 0; k < 3; k++) moments[3 * i + k] = sh.inertia(k);
        }
        return new double[][] {s.centres(), q, s.momenta(), s.angularMomenta(), pts, moments, THETA.clone()};
    }

    private RigidAdjoint primitive(boolean three, int steps) {
        RigidSystem sys = system(three, three ? TETRA : TRIANGLE);
        RigidBodies s = start(three);
        int per = sys.shape(0).size();
        int[] bodyOf = new int[s.size() * per];
        for (int a = 0; a < bodyOf.length; a++) bodyOf[a] = a / per;
        double[] mass = new double[s.size()];
        java.util.Arrays.fill(mass, sys.shape(0).mass());
        return new RigidAdjoint(ad, new FusedEnergy(ad, lj(true), sys.points(s)), three ? 3 : 2, bodyOf, mass, DT, Splitting.LAMMPS, LJ, steps);
    }

    private Var[] vars(double[][] x, boolean three) {
        int b = x[0].length / 3, d = three ? 3 : 1;
        return new Var[] {o.constant(x[0], b, 3), o.constant(x[1], b, three ? 4 : 1), o.constant(x[2], b, 3), o.constant(x[3], b, d),
            o.constant(x[4], x[4].length / 3, 3), o.constant(x[5], b, 3), o.constant(x[6], x[6].length)};
    }

    private Var primitiveLoss(RigidAdjoint p, Var[] v, double[][] w) {
        RigidAdjoint.Final f = p.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        return weighted(f.centres(), w[0]).add(weighted(f.orientations(), w[1])).add(weighted(f.momenta(), w[2])).add(weighted(f.angularMomenta(), w[3]))
                .add(weighted(f.centreTrajectory(), w[4]).mul(0.05));
    }

    /**
     * The gradient w.r.t. every operand of the primitive (start state, body-frame points, moments, θ) of a loss of its final
     * state and centre path equals central differences of the whole trajectory (step 1e-6): max |adjoint − FD| ≤ 1e-6 ·
     * max |FD|, 40 steps (uneven √T segments: 7, 7, 7, 7, 7, 5).
     */
    @ParameterizedTest(name = "3D {0}")
    @ValueSource(booleans = {true, false})
    void gradientOfEveryOperandMatchesCentralDifferences(boolean three) {
        int steps = 40;
        RigidAdjoint p = primitive(three, steps);
        assertEquals(6, p.checkpoints());
        double[][] x = operands(three);
        int b = x[0].length / 3;
        SplittableRandom rnd = new SplittableRandom(three ? 17 : 18);
        double[][] w = {draw(rnd, 3 * b), draw(rnd, (three ? 4 : 1) * b), draw(rnd, 3 * b), draw(rnd, (three ? 3 : 1) * b), draw(rnd, 3 * b * steps)};
        List<Var> g = ad.grad((List<Var> v) -> primitiveLoss(p, v.toArray(new Var[0]), w), List.of(vars(x, three)));
        String[] names = {"c0", "q0", "P0", "L0", "points", "moments", "theta"};
        double h = 1e-6;
        List<String> worst = new ArrayList<>();
        double scale = 0, err = 0;
        for (int j = 0; j < x.length; j++) {
            double[] ad0 = values(g.get(j));
            assertEquals(x[j].length, ad0.length, names[j]);
            for (int i = 0; i < x[j].length; i++) {
                if (!three && (j == 0 || j == 2 || j == 4) && i % 3 == 2) continue;   // 2D: z stays 0
                double[][] xp = copy(x), xm = copy(x);
                xp[j][i] += h;
                xm[j][i] -= h;
                double fd = (primitiveLoss(p, vars(xp, three), w).item() - primitiveLoss(p, vars(xm, three), w).item()) / (2 * h);
                scale = Math.max(scale, Math.abs(fd));
                double e = Math.abs(fd - ad0[i]);
                if (e > err) {
                    err = e;
                    worst.add(String.format("%s[%d] %.9e/%.9e", names[j], i, ad0[i], fd));
                }
            }
        }
        System.out.printf("rigid adjoint %dD, %d steps, every operand: max |adjoint - FD| / max |FD| = %.2e (worst %s)%n", three ? 3 : 2, steps, err / scale,
                worst.isEmpty() ? "-" : worst.get(worst.size() - 1));
        assertTrue(scale > 1e-2, "the loss barely depends on the operands");
        assertTrue(err <= 1e-6 * scale, "max |adjoint - FD| = " + err + " against max |FD| = " + scale + ": " + worst);
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    /**
     * Forward mode (the tangent sweep) along a random direction of all seven operands agrees with reverse mode, ⟨w, J v⟩ =
     * ⟨Jᵀ w, v⟩ to 1e-10, and with the central difference of the loss along v (step 1e-6) to 1e-6; 40 steps.
     */
    @ParameterizedTest(name = "3D {0}")
    @ValueSource(booleans = {true, false})
    void forwardModeAgreesWithReverseMode(boolean three) {
        int steps = 40;
        RigidAdjoint p = primitive(three, steps);
        double[][] x = operands(three);
        int b = x[0].length / 3;
        SplittableRandom rnd = new SplittableRandom(three ? 27 : 28);
        double[][] w = {draw(rnd, 3 * b), draw(rnd, (three ? 4 : 1) * b), draw(rnd, 3 * b), draw(rnd, (three ? 3 : 1) * b), draw(rnd, 3 * b * steps)};
        double[][] v = new double[x.length][];
        for (int j = 0; j < x.length; j++) v[j] = draw(rnd, x[j].length);
        v[4] = scale(v[4], 0.1);                                             // the points: keep the shape well inside the box
        v[5] = scale(v[5], 0.1);
        Var[] tangent = vars(v, three);
        Var jv = ad.jvp((List<Var> in) -> primitiveLoss(p, in.toArray(new Var[0]), w), List.of(vars(x, three)), List.of(tangent)).tangent();
        List<Var> g = ad.grad((List<Var> in) -> primitiveLoss(p, in.toArray(new Var[0]), w), List.of(vars(x, three)));
        double reverse = 0;
        for (int j = 0; j < x.length; j++) {
            double[] gj = values(g.get(j));
            for (int i = 0; i < gj.length; i++) reverse += gj[i] * v[j][i];
        }
        double h = 1e-6;
        double[][] xp = copy(x), xm = copy(x);
        for (int j = 0; j < x.length; j++) {
            for (int i = 0; i < x[j].length; i++) {
                xp[j][i] += h * v[j][i];
                xm[j][i] -= h * v[j][i];
            }
        }
        double fd = (primitiveLoss(p, vars(xp, three), w).item() - primitiveLoss(p, vars(xm, three), w).item()) / (2 * h);
        double forward = jv.item();
        System.out.printf("rigid tangent %dD, %d steps: forward %.12e, reverse %.12e, FD %.9e%n", three ? 3 : 2, steps, forward, reverse, fd);
        assertTrue(Math.abs(forward) > 1e-2, "the loss barely moves along v: " + forward);
        assertEquals(reverse, forward, 1e-10 * Math.abs(reverse));
        assertEquals(fd, forward, 1e-6 * Math.abs(fd));
    }

    private static double[] scale(double[] x, double f) {
        for (int i = 0; i < x.length; i++) x[i] *= f;
        return x;
    }

    /** The forward keeps ⌈T/⌈√T⌉⌉ carries (O(√T) memory), its last output has that many rows, and the gradient does not depend on T's split. */
    @Test
    void checkpointsGrowAsRootT() {
        for (int t : new int[] {1, 2, 9, 10, 100, 400, 1000}) {
            int every = (int) Math.ceil(Math.sqrt(t));
            assertEquals((t + every - 1) / every, primitive(true, t).checkpoints(), "T = " + t);
            assertTrue(primitive(true, t).checkpoints() <= Math.ceil(Math.sqrt(t)), "T = " + t);
        }
        RigidAdjoint p = primitive(false, 10);
        Var[] v = vars(operands(false), false);
        RigidAdjoint.Final f = p.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        assertEquals(10 * 9 * 3, values(f.centreTrajectory()).length);
    }

    /** Nosé–Hoover keeps the tape under AUTO and is refused by ADJOINT; a family without ∂p/∂θ keeps the tape. */
    @Test
    void whatTheAdjointDoesNotCoverKeepsTheTape() {
        RigidSystem sys = system(true, TETRA);
        FusedEnergy e = new FusedEnergy(ad, lj(true), sys.points(start(true)));
        RigidTrajectory.NoseHoover nh = new RigidTrajectory.NoseHoover(Ramp.constant(0.7), 20 * DT, 3, 2);
        RigidTrajectory nvt = new RigidTrajectory(ad, lj(true), sys, DT, nh, Splitting.LAMMPS, LJ);
        assertFalse(nvt.adjoint(e, THETA));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> nvt.with(RigidTrajectory.Reverse.ADJOINT).adjoint(e, THETA));
        assertTrue(x.getMessage().contains("Nose-Hoover"), x.getMessage());
        assertFalse(trajectory(true, false, RigidTrajectory.Reverse.AUTO).adjoint(new FusedEnergy(ad, lj(false), sys.points(start(true))), THETA));
        assertTrue(trajectory(true, true, RigidTrajectory.Reverse.AUTO).adjoint(e, THETA));
        assertFalse(trajectory(true, true, RigidTrajectory.Reverse.TAPE).adjoint(e, THETA));
    }
}
