package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.minimize.LbfgsMemory;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * The outer loop over the scaled free parameters x with box bounds [lo, hi]:
 * <ul>
 * <li>a gradient transformation (any registered optimizer: adam, sgd, rmsprop, a learned one, ...)
 * applied to ∇L, then x projected onto the box after every update;</li>
 * <li>lbfgs: projected L-BFGS (Nocedal &amp; Wright Alg. 7.4 two-loop recursion, memory 10) in the
 * spirit of L-BFGS-B (Byrd, Lu, Nocedal &amp; Zhu 1995) without its Cauchy point: variables at a
 * bound whose gradient points outward are held, the direction is −H g on the others (steepest
 * descent if not a descent direction), and x(α) = P(x + α d) is searched by backtracking from α = 1
 * (or the α that moves no x by more than {@link #MAX_STEP}) until f(x(α)) ≤ f(x) + 1e-4 gᵀ(x(α) − x).</li>
 * </ul>
 * The state (step, x, the optimizer's state as pytree leaves, the history) is a {@link Checkpoint}; a run
 * resumed from one continues the same iterates of a gradient transformation; L-BFGS restarts its
 * curvature memory (an {@link LbfgsMemory}, shared with the minimisers).
 */
public final class Runner {
    /** Called after every step with the state to report or checkpoint. */
    public interface Observer {
        void step(Checkpoint state);
    }

    /** Everything needed to continue: next step, x, the gradient transformation's state leaves (null for L-BFGS), loss and x history. */
    public record Checkpoint(int step, double[] x, double[][] optimizerState, List<Double> loss, List<double[]> trajectory) { }

    /** Largest L-BFGS move of one scaled parameter per step (0.1 = 10 % of its starting value). */
    static final double MAX_STEP = 0.1;
    /** L-BFGS stops when a step lowers the loss by less than FTOL·max(1, |f|) (scipy's factr 1e7 × machine ε ≈ 2e-9). */
    static final double FTOL = 2e-9;

    private final Objective f;
    private final double[] lo;
    private final double[] hi;

    public Runner(Objective f, double[] lo, double[] hi) {
        this.f = f;
        this.lo = lo.clone();
        this.hi = hi.clone();
    }

    double[] project(double[] x) {
        double[] p = x.clone();
        for (int k = 0; k < p.length; k++) p[k] = Math.max(lo[k], Math.min(hi[k], p[k]));
        return p;
    }

    /** The gradient transformation {@code opt} for {@code steps} total steps from {@code from}; its state continues {@code from}'s. */
    public Checkpoint descend(Optimizer opt, Checkpoint from, int steps, Observer obs) {
        Ops o = opt.ops();
        double[] x = project(from.x());
        OptState state = opt.init(o.constant(x, x.length));
        if (from.optimizerState() != null) state = restore(o, state, from.optimizerState());
        List<Double> loss = new ArrayList<>(from.loss());
        List<double[]> traj = new ArrayList<>(from.trajectory());
        Checkpoint cp = from;
        for (int step = from.step(); step < steps; step++) {
            double[] lg = f.lossAndGradient(x);
            if (loss.size() == step) {
                loss.add(lg[0]);
                traj.add(x.clone());
            }
            Var g = o.constant(java.util.Arrays.copyOfRange(lg, 1, lg.length), x.length), p = o.constant(x, x.length);
            // a loss-aware optimizer (hyper_v2's loss features) gets the loss its gradient came with
            Update u = opt instanceof LossAwareOptimizer la ? la.update(g, state, p, o.scalarLike(p, lg[0])) : opt.update(g, state, p);
            state = u.state();
            double[] du = o.tensors().toDoubleArray(((Var) u.updates()).value());
            double[] nx = x.clone();
            for (int k = 0; k < nx.length; k++) nx[k] += du[k];
            x = project(nx);
            cp = new Checkpoint(step + 1, x, leaves(o, state), loss, traj);
            obs.step(cp);
        }
        return finish(cp, x, loss, traj, steps);
    }

    /** Projected L-BFGS for {@code steps} total iterations from {@code from}; stops early at a stationary point. */
    public Checkpoint lbfgs(Checkpoint from, int steps, Observer obs) {
        double[] x = project(from.x());
        List<Double> loss = new ArrayList<>(from.loss());
        List<double[]> traj = new ArrayList<>(from.trajectory());
        double[] lg = f.lossAndGradient(x);
        LbfgsMemory pairs = new LbfgsMemory(10, 1e-16, LbfgsMemory.Scaling.RATIO);
        Checkpoint cp = from;
        for (int step = from.step(); step < steps; step++) {
            if (loss.size() == step) {
                loss.add(lg[0]);
                traj.add(x.clone());
            }
            double[] g = java.util.Arrays.copyOfRange(lg, 1, lg.length);
            boolean[] held = new boolean[x.length];
            double pg = 0;
            for (int k = 0; k < x.length; k++) {
                held[k] = (x[k] <= lo[k] && g[k] > 0) || (x[k] >= hi[k] && g[k] < 0);
                if (!held[k]) pg = Math.max(pg, Math.abs(g[k]));
            }
            if (pg < 1e-12) break;
            double[] d = pairs.direction(g, held);
            double slope = 0;
            for (int k = 0; k < d.length; k++) slope += d[k] * g[k];
            if (!(slope < 0)) {
                pairs.clear();
                for (int k = 0; k < d.length; k++) d[k] = held[k] ? 0 : -g[k];
            }
            double big = 0;
            for (double v : d) big = Math.max(big, Math.abs(v));
            double alpha = big > MAX_STEP ? MAX_STEP / big : 1;          // trust region: ≤ 10 % of a starting value per step
            double[] nx = null;
            double[] nlg = null;
            for (int tries = 0; tries < 40; tries++, alpha *= 0.5) {
                double[] trial = x.clone();
                for (int k = 0; k < trial.length; k++) trial[k] += alpha * d[k];
                trial = project(trial);
                double dec = 0;
                for (int k = 0; k < trial.length; k++) dec += g[k] * (trial[k] - x[k]);
                double ft;
                double[] tl;
                try {
                    tl = f.lossAndGradient(trial);
                    ft = tl[0];
                } catch (ArithmeticException | IllegalArgumentException e) {
                    continue;            // outside the potential's valid region: shorten the step
                }
                if (ft <= lg[0] + 1e-4 * dec) {
                    nx = trial;
                    nlg = tl;
                    break;
                }
            }
            if (nx == null) break;
            boolean stalled = lg[0] - nlg[0] <= FTOL * Math.max(1, Math.max(Math.abs(lg[0]), Math.abs(nlg[0])));
            pairs.add(x, nx, g, java.util.Arrays.copyOfRange(nlg, 1, nlg.length));
            x = nx;
            lg = nlg;
            cp = new Checkpoint(step + 1, x, null, loss, traj);
            obs.step(cp);
            if (stalled) break;
        }
        return finish(cp, x, loss, traj, steps);
    }

    private Checkpoint finish(Checkpoint cp, double[] x, List<Double> loss, List<double[]> traj, int steps) {
        List<Double> l = new ArrayList<>(loss);
        List<double[]> t = new ArrayList<>(traj);
        l.add(f.loss(x));
        t.add(x.clone());
        return new Checkpoint(Math.max(cp.step(), Math.min(steps, cp.step())), x, cp.optimizerState(), l, t);
    }

    /** An optimizer's state as flat leaves: [dtype code, values...] per leaf (0 float64, 1 int64). */
    static double[][] leaves(Ops o, OptState state) {
        List<Var> l = Trees.flatten(state, o).leaves();
        double[][] out = new double[l.size()][];
        for (int i = 0; i < out.length; i++) {
            double[] v = o.tensors().toDoubleArray(l.get(i).value());
            out[i] = new double[v.length + 1];
            out[i][0] = l.get(i).dtype() == org.polymorph.core.tensor.DType.INT64 ? 1 : 0;
            System.arraycopy(v, 0, out[i], 1, v.length);
        }
        return out;
    }

    static OptState restore(Ops o, OptState fresh, double[][] leaves) {
        Trees.Flat flat = Trees.flatten(fresh, o);
        if (flat.leaves().size() != leaves.length) throw new IllegalArgumentException("checkpoint: " + leaves.length + " optimizer state leaves, expected " + flat.leaves().size());
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < leaves.length; i++) {
            Var ref = flat.leaves().get(i);
            double[] v = java.util.Arrays.copyOfRange(leaves[i], 1, leaves[i].length);
            if (leaves[i][0] == 1) {
                if (v.length != 1) throw new IllegalArgumentException("checkpoint: integer optimizer state leaf " + i + " has " + v.length + " values, expected 1");
                out.add(o.constant(o.tensors().scalar(org.polymorph.core.tensor.DType.INT64, v[0])));
            } else {
                out.add(o.constant(v, ref.shape().toArray()));
            }
        }
        return (OptState) Trees.unflatten(flat.def(), out);
    }
}
