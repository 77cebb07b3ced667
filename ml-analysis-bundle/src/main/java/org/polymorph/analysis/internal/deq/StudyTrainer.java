package org.polymorph.analysis.internal.deq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.deq.FixedPointSolver;
import org.polymorph.analysis.deq.InitFamily;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Batches;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * One training run of deq.init_study: the DEQ classifier of one (family, σ, seed) trained with Adam or SGD at a
 * constant learning rate on minibatches, watching for the three failures that make a run unstable: a forward
 * fixed-point solve that misses its tolerance, a backward implicit solve (GMRES) that fails, a non-finite loss; and,
 * when none happens, whether the loss fell (mean of the last tenth of the steps below the mean of the first tenth).
 *
 * <p>The run of seed index i uses {@code RandomKey.of(seed).foldIn(i)}: foldIn(1..3) initialise (see DeqClassifier),
 * foldIn(4).foldIn(epoch) orders the minibatches of an epoch.
 */
final class StudyTrainer {
    private static final int EVAL_CHUNK = 500;
    private final AD ad;
    private final StudySettings s;
    private final StudyData data;
    private final Optimizer opt;

    /** {@code opt}: the optimizer of every run (it keeps no state of its own: each run starts from its init). */
    StudyTrainer(AD ad, StudySettings s, StudyData data, Optimizer opt) {
        this.ad = ad;
        this.s = s;
        this.data = data;
        this.opt = opt;
    }

    /**
     * Trains the classifier of seed index {@code seed} from W of {@code family} at scale σ; reports every fifth step to
     * {@code progress} as {@code base + steps done} of {@code total}. Throws CancelledException (naming the step) when
     * {@code progress} is cancelled; the run's work is then discarded.
     */
    StudyRun train(InitFamily family, double sigma, int seed, Progress progress, long base, long total) {
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        RandomKey key = RandomKey.of(s.seed()).foldIn(seed);
        DeqClassifier model = new DeqClassifier(s.width(), s.solver());
        Map<String, Var> theta = new LinkedHashMap<>();
        model.init(ts, key, family, sigma, s.inputScale(), data.inputs(), data.classes()).forEach((k, v) -> theta.put(k, o.constant(v)));
        OptState state = opt.init(theta);
        Map<String, Var> params = theta;
        int perEpoch = data.train().size() / s.batch();
        Batches batches = null;
        List<Double> losses = new ArrayList<>();
        double iterSum = 0, maxResidual = 0;
        String failure = null;
        for (int k = 0; k < s.steps() && failure == null; k++) {
            if (progress.cancelled()) {
                throw new CancelledException("cancelled in run " + family.id() + " sigma=" + sigma + " seed " + seed + " at step " + k + " of " + s.steps());
            }
            if (k % perEpoch == 0) batches = data.train().batches(ts, key.foldIn(4).foldIn(k / perEpoch), s.batch(), true);
            Dataset.Batch b = batches.get(k % perEpoch);
            FixedPointSolver.Solution[] solve = new FixedPointSolver.Solution[1];
            ValueAndGrad<Map<String, Var>> vg;
            try {
                Var xb = o.constant(b.x()), yb = o.constant(b.y());
                vg = ad.valueAndGrad(q -> {
                    DeqClassifier.Forward f = model.loss(ad, q, xb, yb);
                    solve[0] = f.solve();
                    return f.value();
                }, params);
            } catch (ArithmeticException e) {
                failure = failure(e, k + 1);
                break;
            }
            double loss = vg.value().item();
            iterSum += solve[0].iterations();
            maxResidual = Math.max(maxResidual, solve[0].residual());
            if (!Double.isFinite(loss)) {
                failure = "loss became " + loss + " at step " + (k + 1);
                break;
            }
            losses.add(loss);
            // a loss-aware optimizer (hyper_v2's loss features) gets the loss its gradient came with
            Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), state, params, vg.value()) : opt.update(vg.grad(), state, params);
            params = opt.applyUpdates(params, u.updates());
            state = u.state();
            if (k % 5 == 4 || k == s.steps() - 1) {
                progress.update(base + k + 1, total, String.format(Locale.ROOT, "%s sigma=%g seed %d step %d/%d loss %.4f (%d solver iterations)",
                        family.id(), sigma, seed, k + 1, s.steps(), loss, solve[0].iterations()));
            }
        }
        double acc = failure == null ? accuracy(model, params, data.test()) : Double.NaN;
        return summary(family, sigma, seed, failure, losses, acc, iterSum, maxResidual);
    }

    /** What went wrong: the forward solve (its residual and iterations) or the backward implicit solve (GMRES's message). */
    private static String failure(ArithmeticException e, int step) {
        if (e instanceof FixedPointSolver.NotConvergedException nc) {
            return "forward solve failed at step " + step + ": residual " + fmt(nc.solution().residual()) + " after "
                    + nc.solution().iterations() + " iterations";
        }
        return "backward implicit solve failed at step " + step + ": " + e.getMessage();
    }

    /** The run's record: stable when nothing failed and the mean loss of the last tenth of the steps is below that of the first. */
    private StudyRun summary(InitFamily family, double sigma, int seed, String failure, List<Double> losses, double acc, double iterSum,
                             double maxResidual) {
        int n = losses.size();
        int w = Math.max(1, s.steps() / 10);
        double initial = n == 0 ? Double.NaN : mean(losses.subList(0, Math.min(w, n)));
        double fin = n == 0 ? Double.NaN : mean(losses.subList(Math.max(0, n - w), n));
        boolean stable = failure == null && fin < initial;
        String outcome = failure != null ? failure
                : stable ? "stable" : String.format(Locale.ROOT, "loss did not fall (%.4f -> %.4f)", initial, fin);
        return new StudyRun(family.id(), sigma, seed, stable, outcome, n, initial, fin, acc,
                n == 0 ? Double.NaN : iterSum / n, n == 0 ? Double.NaN : maxResidual);
    }

    /** Fraction of the test examples whose argmax logit is the label; NaN when the solver fails on them. */
    private double accuracy(DeqClassifier model, Map<String, Var> theta, Dataset test) {
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        long correct = 0;
        try {
            for (int from = 0; from < test.size(); from += EVAL_CHUNK) {
                Dataset part = test.rows(ts, from, Math.min(test.size(), from + EVAL_CHUNK), "");
                Tensor logits = model.logits(ad, theta, o.constant(part.x())).value().value();
                long[] pred = ts.toLongArray(ts.argmax(logits, 1, false));
                long[] y = ts.toLongArray(part.y());
                for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) correct++;
            }
        } catch (ArithmeticException e) {
            return Double.NaN;
        }
        return (double) correct / test.size();
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3g", v); }
}
