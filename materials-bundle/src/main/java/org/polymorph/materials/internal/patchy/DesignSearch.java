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
     * Gradient ascent from the objective's start for {@code steps} optimizer steps, of the yield Y or, when {@code log},
     * of log Y (the same maximiser; its gradient ∇Y/Y does not vanish where the target is still rare, and Adam's ε
     * would otherwise freeze steps whose gradient is far below it).
     */
    List<DesignObjective.Sample> ascend(Optimizer optimizer, int steps, boolean log) {
        Ops o = ad.ops();
        List<DesignObjective.Sample> out = new ArrayList<>();
        double[] u = unit(objective.start());
        DesignObjective.Sample s = objective.evaluate(ad, box(u), true);
        out.add(s);
        if (s.failed()) return out;
        OptState state = optimizer.init(o.constant(u, u.length));
        for (int k = 0; k < steps; k++) {
            double[] ascent = new double[u.length];
            // minimise −Y (or −log Y) in the unit box: dY/du = dY/dθ (hi − lo)
            if (log && !(s.yield() > 0)) break;
            double scale = log ? 1 / s.yield() : 1;
            for (int i = 0; i < u.length; i++) ascent[i] = -s.gradient()[i] * (hi[i] - lo[i]) * scale;
            Var params = o.constant(u, u.length);
            Update up = optimizer.update(o.constant(ascent, ascent.length), state, params);
            state = up.state();
            double[] next = clamp(o.tensors().toDoubleArray(optimizer.applyUpdates(params, up.updates()).value()));
            DesignObjective.Sample t = objective.evaluate(ad, box(next), true);
            out.add(t);
            for (int b = 0; t.failed() && b < BACKTRACKS; b++) {
                for (int i = 0; i < u.length; i++) next[i] = 0.5 * (next[i] + u[i]);
                t = objective.evaluate(ad, box(next), true);
                out.add(t);
            }
            if (t.failed()) break;
            u = next;
            s = t;
            progress.update(k + 1, steps, String.format(Locale.ROOT, "gradient step %d: yield %.4f", k + 1, s.yield()));
        }
        return out;
    }

    /** {@code budget} points drawn uniformly in the box with {@code seed}. */
    List<DesignObjective.Sample> random(int budget, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DesignObjective.Sample> out = new ArrayList<>();
        for (int k = 0; k < budget; k++) {
            double[] u = new double[lo.length];
            for (int i = 0; i < u.length; i++) u[i] = rng.nextDouble();
            out.add(objective.evaluate(ad, box(u), false));
            progress.update(k + 1, budget, "random search");
        }
        return out;
    }

    /** The centres of a regular grid of k^P cells, k the largest with k^P ≤ budget (at least 1). */
    List<DesignObjective.Sample> grid(int budget) {
        int p = lo.length;
        int k = Math.max(1, (int) Math.floor(Math.pow(budget, 1.0 / p) + 1e-9));
        int total = (int) Math.round(Math.pow(k, p));
        List<DesignObjective.Sample> out = new ArrayList<>();
        for (int n = 0; n < total; n++) {
            double[] u = new double[p];
            for (int i = 0, r = n; i < p; i++, r /= k) u[i] = (r % k + 0.5) / k;
            out.add(objective.evaluate(ad, box(u), false));
            progress.update(n + 1, total, "grid search");
        }
        return out;
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
