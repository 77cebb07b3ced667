package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.Progress;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;

/**
 * Three searches of a {@link DesignObjective}'s bounded box, each a list of the samples it evaluated in order: gradient
 * ascent (an optimizer on the box scaled to [0, 1]^P, projected back onto it after every step), uniform random
 * sampling, and a regular grid of cell centres. One sample is one yield evaluation (the gradient ascent's include their
 * reverse-mode gradient).
 */
final class DesignSearch {
    /** Halvings of a step that lands where the yield cannot be evaluated, before the ascent stops. */
    private static final int BACKTRACKS = 4;
    private final AD ad;
    private final DesignObjective objective;
    private final Progress progress;
    private final double[] lo, hi;

    DesignSearch(AD ad, DesignObjective objective, Progress progress) {
        this.ad = ad;
        this.objective = objective;
        this.progress = progress;
        this.lo = objective.lower();
        this.hi = objective.upper();
    }

    /**
     * The gradient ascent after {@code step} accepted steps: the point u [P] in the unit box, the optimizer's state there,
     * every sample so far in order (a step's backtracks included), the index in {@code samples} of the sample at each
     * accepted step ([step + 1], 0 for the start), and whether it stopped before its steps ran out (a failed start or
     * step, or a zero yield under the log objective). A resumed ascent continues from it to the bit.
     */
    record Ascent(int step, double[] u, OptState state, List<DesignObjective.Sample> samples, List<Integer> accepted, boolean stopped) {
        Ascent {
            u = u.clone();
            samples = List.copyOf(samples);
            accepted = List.copyOf(accepted);
        }

        @Override public double[] u() { return u.clone(); }

        /** The sample at the last accepted step. */
        DesignObjective.Sample current() { return samples.get(accepted.get(accepted.size() - 1)); }
    }

    /** What a search does after each step or evaluation (write a checkpoint, check for cancellation). */
    @FunctionalInterface
    interface Observer<T> {
        void after(T progress);
    }

    /**
     * Gradient ascent from the objective's start for {@code steps} optimizer steps, of the yield Y or, when {@code log},
     * of log Y (the same maximiser; its gradient ∇Y/Y does not vanish where the target is still rare, and Adam's ε
     * would otherwise freeze steps whose gradient is far below it).
     */
    List<DesignObjective.Sample> ascend(Optimizer optimizer, int steps, boolean log) {
        return ascend(optimizer, start(optimizer), steps, log, a -> { }).samples();
    }

    /** The ascent before its first step: the objective's start, evaluated with its gradient, and the optimizer's initial state. */
    Ascent start(Optimizer optimizer) {
        double[] u = unit(objective.start());
        DesignObjective.Sample s = objective.evaluate(ad, box(u), true);
        return new Ascent(0, u, optimizer.init(ad.ops().constant(u, u.length)), List.of(s), List.of(0), s.failed());
    }

    /** The ascent continued from {@code from} up to {@code steps} accepted steps in all, {@code observer} called after each. */
    Ascent ascend(Optimizer optimizer, Ascent from, int steps, boolean log, Observer<Ascent> observer) {
        Ops o = ad.ops();
        Ascent a = from;
        while (!a.stopped() && a.step() < steps) {
            DesignObjective.Sample s = a.current();
            double[] u = a.u();
            List<DesignObjective.Sample> out = new ArrayList<>(a.samples());
            // minimise −Y (or −log Y) in the unit box: dY/du = dY/dθ (hi − lo)
            if (log && !(s.yield() > 0)) return new Ascent(a.step(), u, a.state(), out, a.accepted(), true);
            double scale = log ? 1 / s.yield() : 1;
            double[] ascent = new double[u.length];
            for (int i = 0; i < u.length; i++) ascent[i] = -s.gradient()[i] * (hi[i] - lo[i]) * scale;
            Var params = o.constant(u, u.length);
            Update up = optimizer.update(o.constant(ascent, ascent.length), a.state(), params);
            double[] next = clamp(o.tensors().toDoubleArray(optimizer.applyUpdates(params, up.updates()).value()));
            DesignObjective.Sample t = objective.evaluate(ad, box(next), true);
            out.add(t);
            for (int b = 0; t.failed() && b < BACKTRACKS; b++) {
                for (int i = 0; i < u.length; i++) next[i] = 0.5 * (next[i] + u[i]);
                t = objective.evaluate(ad, box(next), true);
                out.add(t);
            }
            if (t.failed()) return new Ascent(a.step(), u, a.state(), out, a.accepted(), true);
            List<Integer> accepted = new ArrayList<>(a.accepted());
            accepted.add(out.size() - 1);
            a = new Ascent(a.step() + 1, next, up.state(), out, accepted, false);
            progress.update(a.step(), steps, String.format(Locale.ROOT, "gradient step %d: yield %.4f", a.step(), t.yield()));
            observer.after(a);
        }
        return a;
    }

    /** {@code budget} points drawn uniformly in the box with {@code seed}. */
    List<DesignObjective.Sample> random(int budget, long seed) {
        return random(budget, seed, List.of(), l -> { });
    }

    /**
     * The first {@code budget} points drawn uniformly in the box with {@code seed}, continuing {@code done} (the first
     * samples of the same draw); {@code observer} sees the samples so far after each evaluation.
     */
    List<DesignObjective.Sample> random(int budget, long seed, List<DesignObjective.Sample> done, Observer<List<DesignObjective.Sample>> observer) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DesignObjective.Sample> out = new ArrayList<>(done.subList(0, Math.min(budget, done.size())));
        for (int k = 0; k < out.size() * lo.length; k++) rng.nextDouble();    // the draws of the samples already done
        for (int k = out.size(); k < budget; k++) {
            double[] u = new double[lo.length];
            for (int i = 0; i < u.length; i++) u[i] = rng.nextDouble();
            out.add(objective.evaluate(ad, box(u), false));
            progress.update(k + 1, budget, "random search");
            observer.after(List.copyOf(out));
        }
        return out;
    }

    /** The centres of a regular grid of k^P cells, k the largest with k^P ≤ budget (at least 1). */
    List<DesignObjective.Sample> grid(int budget) {
        return grid(budget, List.of(), l -> { });
    }

    /** The grid of {@link #grid(int)} continuing {@code done} (its first samples, of the same budget); {@code observer} as for random. */
    List<DesignObjective.Sample> grid(int budget, List<DesignObjective.Sample> done, Observer<List<DesignObjective.Sample>> observer) {
        int p = lo.length;
        int total = gridSize(budget);
        int k = (int) Math.round(Math.pow(total, 1.0 / p));
        List<DesignObjective.Sample> out = new ArrayList<>(done.subList(0, Math.min(total, done.size())));
        for (int n = out.size(); n < total; n++) {
            double[] u = new double[p];
            for (int i = 0, r = n; i < p; i++, r /= k) u[i] = (r % k + 0.5) / k;
            out.add(objective.evaluate(ad, box(u), false));
            progress.update(n + 1, total, "grid search");
            observer.after(List.copyOf(out));
        }
        return out;
    }

    /** k^P, the grid's number of cells for {@code budget} evaluations: k the largest with k^P ≤ budget (at least 1). */
    int gridSize(int budget) {
        int k = Math.max(1, (int) Math.floor(Math.pow(budget, 1.0 / lo.length) + 1e-9));
        return (int) Math.round(Math.pow(k, lo.length));
    }

    /** Samples until the best yield so far first reaches {@code fraction} of {@code best}; −1 if never. */
    static int evaluationsToReach(List<DesignObjective.Sample> trace, double fraction, double best) {
        for (int k = 0; k < trace.size(); k++) if (!trace.get(k).failed() && trace.get(k).yield() >= fraction * best) return k + 1;
        return -1;
    }

    /** The sample of highest yield (failed ones count as 0). */
    static DesignObjective.Sample best(List<DesignObjective.Sample> trace) {
        DesignObjective.Sample b = trace.get(0);
        for (DesignObjective.Sample s : trace) if (!s.failed() && (b.failed() || s.yield() > b.yield())) b = s;
        return b;
    }

    private double[] unit(double[] theta) {
        double[] u = new double[theta.length];
        for (int i = 0; i < u.length; i++) u[i] = (theta[i] - lo[i]) / (hi[i] - lo[i]);
        return clamp(u);
    }

    private double[] box(double[] u) {
        double[] t = new double[u.length];
        for (int i = 0; i < u.length; i++) t[i] = lo[i] + u[i] * (hi[i] - lo[i]);
        return t;
    }

    private static double[] clamp(double[] u) {
        for (int i = 0; i < u.length; i++) u[i] = Math.min(1, Math.max(0, u[i]));
        return u;
    }
}
