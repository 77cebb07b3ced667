package org.polymorph.materials.internal.rigid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.Progress;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;

/**
 * The gradient case of {@code bench.rigid}: n³ five-point bodies (a pyramid on a 1 × 0.8 σ rectangle, apex 0.8σ above a
 * point 0.1σ off its centre, so that its principal moments differ, as {@link RigidShapes}' derivatives need), unit-mass
 * LJ points, one species, on a cubic grid of spacing 2.4σ with random orientations, thermal momenta at T* = 1, lj/cut
 * 2.5σ (not shifted), intra-body pairs excluded, NVE with dt 0.002τ. The loss: fixed random weights on the final
 * centres, orientations and momenta and on the centre path, plus the final potential energy. Timed, each after one
 * untimed run of a tenth of the steps (JIT): the plain {@link RigidNve} trajectory, the loss through {@link RigidTrajectory}
 * (its forward), its gradient w.r.t. the shape's points and θ = (ε, σ) by {@link RigidAdjoint}'s sweep, and, unless
 * switched off, the loss and gradient through the autodiff tape ({@link RigidTrajectory.Reverse#TAPE}, √T checkpointing),
 * and how far the two gradients agree.
 */
public final class RigidGradientBench {
    private static final double SPACING = 2.4;
    private static final double DT = 0.002;
    private static final double[] THETA = {1.0, 1.0};
    private static final double[] POINTS = {-0.5, -0.4, 0, 0.5, -0.4, 0, 0.5, 0.4, 0, -0.5, 0.4, 0, 0.1, 0, 0.8};

    private final AD ad;
    private final Ops o;
    private final RigidSystem system;
    private final RigidBodies start;
    private final int steps;

    /** n³ bodies, {@code steps} NVE steps, orientations and momenta from {@code seed}. */
    public RigidGradientBench(AD ad, int perAxis, int steps, long seed) {
        this.ad = ad;
        this.o = ad.ops();
        this.steps = steps;
        double length = perAxis * SPACING;
        Shape shape = Shape.of3d(POINTS, new int[5], new double[] {1, 1, 1, 1, 1});
        this.system = new RigidSystem(List.of(shape), List.of("A"), Box.orthorhombic(length, length, length));
        this.start = system.thermalised(RandomKey.of(seed), RigidBodies.cubicGrid(perAxis, SPACING, RandomKey.of(seed + 1)), 1.0, UnitSystem.LJ);
    }

    /** lj/cut 2.5 of one type, θ = (ε, σ), LjCut's own SecondOrder vector (∂p/∂θ the identity). */
    static FusedEnergy.Family family() {
        return new FusedEnergy.Family() {
            @Override public org.polymorph.materials.potential.Potential at(double[] t) { return new LjCut(t[0], t[1], 2.5, false); }

            @Override public Object params(Ops ops, Var t) {
                return new LjCut.Params(ops.reshape(ops.sliceAxis(t, 0, 0, 1), 1, 1), ops.reshape(ops.sliceAxis(t, 0, 1, 2), 1, 1));
            }

            @Override public double[] parameterJacobian(double[] t) { return new double[] {1, 0, 0, 1}; }
        };
    }

    private double plain(int n) {
        RigidNve nve = new RigidNve(new RigidForces(PotentialForceField.of(family().at(THETA), 0.3), system), DT, UnitSystem.LJ);
        RigidState s = nve.init(RandomKey.of(0), start);
        for (int k = 0; k < n; k++) s = nve.step(s);
        return s.potentialEnergy();
    }

    private Var weighted(Var x, SplittableRandom rnd) {
        int n = 1;
        n = (int) x.size();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rnd.nextDouble() - 0.5;
        return o.sum(o.mul(o.reshape(x, n), o.constant(w, n)));
    }

    private Var loss(List<Var> v, RigidTrajectory.Reverse mode, int n) {
        RigidTrajectory.Final f = new RigidTrajectory(ad, family(), system, DT, null, Splitting.LAMMPS, UnitSystem.LJ).with(mode)
                .run(List.of(v.get(0)), v.get(1), start, n, true);
        SplittableRandom rnd = new SplittableRandom(3);
        return weighted(f.centres(), rnd).add(weighted(f.orientations(), rnd)).add(weighted(f.momenta(), rnd))
                .add(weighted(f.centreTrajectory(), rnd).mul(1.0 / n)).add(f.potentialEnergy());
    }

    private List<Var> inputs() { return List.of(o.constant(POINTS, 5, 3), o.constant(THETA, 2)); }

    private double[] gradient(RigidTrajectory.Reverse mode, int n) {
        List<Var> g = ad.grad((List<Var> v) -> loss(v, mode, n), inputs());
        double[] a = o.tensors().toDoubleArray(g.get(0).value()), b = o.tensors().toDoubleArray(g.get(1).value());
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private interface Timed {
        void run(int n);
    }

    /**
     * {wall, CPU} seconds of {@code body} over the case's steps, after one untimed run over a tenth of them; the calling
     * thread's CPU time is what a shared machine does not inflate (every part runs on this thread).
     */
    private static double[] time(Timed body, int steps) {
        body.run(Math.max(1, steps / 10));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        body.run(steps);
        return new double[] {(System.nanoTime() - t0) / 1e9, (mx.getCurrentThreadCpuTime() - c0) / 1e9};
    }

    private double[] time(Timed body) { return time(body, steps); }

    /** Puts {@code name}_seconds and {@code name}_cpu_seconds. */
    private static void put(Map<String, Object> m, String name, double[] t) {
        m.put(name + "_seconds", t[0]);
        m.put(name + "_cpu_seconds", t[1]);
    }

    /** Puts the wall and CPU ratios a/b as {@code name} and {@code name}_cpu. */
    private static void ratio(Map<String, Object> m, String name, double[] a, double[] b) {
        m.put(name, a[0] / b[0]);
        m.put(name + "_cpu", a[1] / b[1]);
    }

    /** The timings (s) and ratios; {@code tape}: also the autodiff tape's loss and gradient. */
    public Map<String, Object> run(boolean tape, Progress progress) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bodies", start.size());
        m.put("points", system.pointCount(start));
        m.put("steps", steps);
        progress.message("bench.rigid gradient: plain RigidNve");
        double[] plain = time(this::plain);
        progress.message("bench.rigid gradient: loss through the adjoint primitive");
        double[] forward = time(n -> loss(inputs(), RigidTrajectory.Reverse.ADJOINT, n).item());
        progress.message("bench.rigid gradient: gradient by the adjoint sweep");
        double[][] ga = new double[1][];
        double[] grad = time(n -> ga[0] = gradient(RigidTrajectory.Reverse.ADJOINT, n));
        put(m, "plain", plain);
        put(m, "forward", forward);
        put(m, "gradient", grad);
        ratio(m, "gradient_over_forward", grad, forward);
        ratio(m, "gradient_over_plain", grad, plain);
        if (tape) {
            progress.message("bench.rigid gradient: loss through the autodiff tape");
            double[] tf = time(n -> loss(inputs(), RigidTrajectory.Reverse.TAPE, n).item());
            progress.message("bench.rigid gradient: gradient through the autodiff tape");
            double[][] gt = new double[1][];
            double[] tg = time(n -> gt[0] = gradient(RigidTrajectory.Reverse.TAPE, n));
            double scale = 0, err = 0;
            for (int i = 0; i < gt[0].length; i++) {
                scale = Math.max(scale, Math.abs(gt[0][i]));
                err = Math.max(err, Math.abs(gt[0][i] - ga[0][i]));
            }
            put(m, "tape_forward", tf);
            put(m, "tape_gradient", tg);
            ratio(m, "tape_gradient_over_tape_forward", tg, tf);
            ratio(m, "tape_gradient_over_plain", tg, plain);
            ratio(m, "tape_over_adjoint_gradient", tg, grad);
            m.put("gradient_agreement", err / scale);
        }
        return m;
    }
}
