package org.polymorph.materials.internal.forcefield;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.core.method.Progress;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.structure.Atoms;

/**
 * One case of bench.ff's trajectory section: the L2 distance between a curve of a differentiable NVE trajectory (VDOS of
 * the velocities or RDF of the positions, ff.fit's curves) at θ and the same curve at a reference θ', from a start
 * equilibrated by Langevin at θ (not timed). Timed in rounds after one untimed round: the loss alone (forward), its
 * gradient by the adjoint sweep (reverse mode, {@link VerletTrajectory.Mode#REVERSE}) and by k forward tangent sweeps
 * carried together ({@link VerletTrajectory.Mode#FORWARD}); the heap held after each forward pass (the frames the loss
 * keeps and whatever the backward pass needs; full GCs, in the untimed round only); the trajectory alone (the frames' MD) and
 * carrying the k tangents (forward mode's primal sweep, {@code carrying_trajectory_seconds}); each round's gradient ÷ loss
 * ({@code ratio_each}, so that the spread of a run shows); and how far
 * the two gradients agree. Each time is also taken as the calling thread's CPU time ({@code cpu_seconds}, {@code cpu_ratio}):
 * the cases run on that thread (at {@code threads=1}), so on a machine shared with other work this is the figure that the
 * load does not stretch; it leaves out the collector's own threads, which the wall time includes.
 */
final class TrajectoryBench {
    /** The family's parameters θ and the reference θ' whose curve is the target; {@code vdos}: else the RDF (every 10th frame). */
    record Case(String name, FusedEnergy.Family family, double[] theta, double[] reference, Atoms atoms, double temperature, double dtFs,
                int equilibration, int steps, boolean vdos) { }

    private static final double VDOS_MAX_THZ = 20, VDOS_WIDTH = 0.5, RDF_WIDTH = 0.1;
    private static final int RDF_EVERY = 10;

    private final AD ad;
    private final Ops o;
    private final Case c;
    private final FusedEnergy energy;
    private final double[] r0;
    private final double[] v0;
    private final double[] grid;
    private double[] target;
    private final java.util.function.UnaryOperator<org.polymorph.materials.potential.Potential> parallel;

    /** {@code parallel}: the potential the trajectories run (a row-parallel wrapper for threads, or the identity). */
    TrajectoryBench(AD ad, Case c, java.util.function.UnaryOperator<org.polymorph.materials.potential.Potential> parallel) {
        this.ad = ad;
        this.parallel = parallel;
        this.o = ad.ops();
        this.c = c;
        this.energy = new FusedEnergy(ad, c.family(), c.atoms());
        State s = MdTargets.equilibrate(c.family().at(c.theta()), c.atoms(), new Target.Md(1, c.temperature(), c.dtFs(), c.equilibration(), c.steps(), 7));
        this.r0 = s.positions();
        this.v0 = s.velocities();
        this.grid = c.vdos() ? MdCurves.vdosGrid(VDOS_MAX_THZ) : MdCurves.rdfGrid(rMax(c.atoms()));
    }

    /** The RDF range: a little under half the shortest cell edge (Å). */
    private static double rMax(Atoms a) {
        double[] h = a.box().h();
        double m = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 3; k++) m = Math.min(m, Math.sqrt(h[3 * k] * h[3 * k] + h[3 * k + 1] * h[3 * k + 1] + h[3 * k + 2] * h[3 * k + 2]));
        return Math.min(8.0, 0.45 * m);
    }

    private Var curve(Var x, VerletTrajectory.Mode mode) {
        MdTrajectory.Frames f = MdTrajectory.run(ad, energy, Statics.cell(o, c.atoms()), r0, v0, c.atoms().atomMasses(), c.dtFs() / 1000, c.steps(), x, true, mode, parallel,
                reads());
        return c.vdos() ? MdCurves.vdosOfComponents(o, f.velocityComponents(), c.atoms().atomMasses(), c.dtFs() / 1000, grid, VDOS_WIDTH)
                : MdCurves.rdf(ad, f.positions(), c.atoms(), grid, RDF_WIDTH, RDF_EVERY);
    }

    /** What the curve reads of the frames. */
    private VerletTrajectory.Reads reads() { return c.vdos() ? VerletTrajectory.Reads.VELOCITIES : VerletTrajectory.Reads.positions(RDF_EVERY); }

    private Var loss(Var x, VerletTrajectory.Mode mode) {
        return MdCurves.l2(o, curve(x, mode), o.constant(target, target.length), grid[1] - grid[0]);
    }

    /** As {@link #run(Progress, int)} with one timed round. */
    Map<String, Object> run(Progress progress) { return run(progress, 1); }

    /**
     * Times {@code repeats} rounds after one untimed round, each round the trajectory, the loss and both gradients in
     * turn (so a slow spell of the machine falls on all of them alike); reports the medians and each ratio as the median
     * gradient time over the median loss time.
     */
    Map<String, Object> run(Progress progress, int repeats) {
        int k = c.theta().length;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("atoms", c.atoms().size());
        m.put("steps", c.steps());
        m.put("parameters", k);
        m.put("loss_kind", c.vdos() ? "vdos" : "rdf");
        m.put("repeats", repeats);
        target = o.tensors().toDoubleArray(curve(o.constant(c.reference(), k), VerletTrajectory.Mode.REVERSE).value());
        Var x = o.constant(c.theta(), k);
        VerletTrajectory trajectory = new VerletTrajectory(ad, energy, c.atoms().box().h(), r0, v0, c.atoms().atomMasses(), c.dtFs() / 1000, c.steps(),
                VerletTrajectory.Mode.REVERSE, parallel, VerletTrajectory.Reads.ALL);
        VerletTrajectory carrying = new VerletTrajectory(ad, energy, c.atoms().box().h(), r0, v0, c.atoms().atomMasses(), c.dtFs() / 1000, c.steps(),
                VerletTrajectory.Mode.FORWARD, parallel, reads());
        VerletTrajectory.Mode[] modes = {VerletTrajectory.Mode.REVERSE, VerletTrajectory.Mode.FORWARD};
        double[] md = new double[repeats], forward = new double[repeats], mdCpu = new double[repeats], forwardCpu = new double[repeats];
        double[] carried = new double[repeats];
        double[][] grad = new double[modes.length][repeats], gradCpu = new double[modes.length][repeats];
        long[] heldBytes = new long[modes.length];
        double[][] g = new double[modes.length][];
        double value = Double.NaN;
        for (int round = 0; round <= repeats; round++) {
            boolean timed = round > 0;
            String of = timed ? " (round " + round + " of " + repeats + ")" : " (untimed)";
            progress.checkCancelled("bench.ff " + c.name() + ": before the trajectory" + of);
            progress.message("bench.ff " + c.name() + ": trajectory and loss (" + c.atoms().size() + " atoms x " + c.steps() + " steps)" + of);
            long t0 = System.nanoTime(), c0 = cpu();
            trajectory.frames(x);
            if (timed) {
                md[round - 1] = BenchFfMethod.seconds(t0);
                mdCpu[round - 1] = (cpu() - c0) / 1e9;
            }
            t0 = System.nanoTime();
            carrying.frames(x);
            if (timed) carried[round - 1] = BenchFfMethod.seconds(t0);
            t0 = System.nanoTime();
            c0 = cpu();
            value = loss(x, VerletTrajectory.Mode.REVERSE).item();
            if (timed) {
                forward[round - 1] = BenchFfMethod.seconds(t0);
                forwardCpu[round - 1] = (cpu() - c0) / 1e9;
            }
            for (int i = 0; i < modes.length; i++) {
                String mode = modes[i].name().toLowerCase(java.util.Locale.ROOT);
                progress.checkCancelled("bench.ff " + c.name() + ": before the " + mode + " gradient" + of);
                progress.message("bench.ff " + c.name() + ": gradient, " + mode + " mode" + of);
                if (!timed) heldBytes[i] = heldAfterForward(x, modes[i]);      // then once more without collections: the heap grown back
                t0 = System.nanoTime();
                c0 = cpu();
                g[i] = gradient(x, modes[i]);
                if (timed) {
                    grad[i][round - 1] = (System.nanoTime() - t0) / 1e9;
                    gradCpu[i][round - 1] = (cpu() - c0) / 1e9;
                }
            }
        }
        double loss = Timing.median(forward);
        m.put("loss", value);
        m.put("trajectory_seconds", Timing.median(md));
        m.put("carrying_trajectory_seconds", Timing.median(carried));
        m.put("forward_seconds", loss);
        double lossCpu = Timing.median(forwardCpu);
        m.put("trajectory_cpu_seconds", Timing.median(mdCpu));
        m.put("forward_cpu_seconds", lossCpu);
        for (int i = 0; i < modes.length; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seconds", Timing.median(grad[i]));
            r.put("ratio", Timing.median(grad[i]) / loss);
            double[] each = new double[repeats];
            for (int j = 0; j < repeats; j++) each[j] = grad[i][j] / forward[j];
            r.put("ratio_each", java.util.Arrays.stream(each).boxed().toList());
            r.put("cpu_seconds", Timing.median(gradCpu[i]));
            r.put("cpu_ratio", Timing.median(gradCpu[i]) / lossCpu);
            r.put("seconds_each", java.util.Arrays.stream(grad[i]).boxed().toList());
            r.put("heap_held_bytes", heldBytes[i]);
            r.put("gradient", java.util.Arrays.stream(g[i]).boxed().toList());
            m.put(modes[i].name().toLowerCase(java.util.Locale.ROOT), r);
        }
        m.put("forward_seconds_each", java.util.Arrays.stream(forward).boxed().toList());
        double diff = 0, scale = 0;
        for (int j = 0; j < k; j++) {
            diff = Math.max(diff, Math.abs(g[0][j] - g[1][j]));
            scale = Math.max(scale, Math.abs(g[0][j]));
        }
        m.put("modes_relative_difference", diff / scale);
        return m;
    }

    /** ∇L at x in {@code mode}. */
    private double[] gradient(Var x, VerletTrajectory.Mode mode) {
        VjpResult<Var, Var> r = ad.vjp(v -> loss(v, mode), x);
        return o.tensors().toDoubleArray(r.pullback().apply(o.scalar(DType.FLOAT64, 1)).value());
    }

    /**
     * The heap held after the forward pass of ∇L at x in {@code mode} (bytes, by full GCs before and after it), in the untimed
     * round: the collections (and the heap G1 gives back after them, which the next rounds' first touches would pay for)
     * stay out of the timed rounds.
     */
    private long heldAfterForward(Var x, VerletTrajectory.Mode mode) {
        long base = BenchFfMethod.heapAfterGc();
        VjpResult<Var, Var> r = ad.vjp(v -> loss(v, mode), x);
        long held = BenchFfMethod.heapAfterGc() - base;
        r.pullback().apply(o.scalar(DType.FLOAT64, 1));
        return held;
    }

    /** The calling thread's CPU time (ns). */
    private static long cpu() { return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }


}
