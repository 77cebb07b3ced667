package org.polymorph.optimizers.internal.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Loops;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Two estimates of the meta-gradient of one unroll, for the variance study of Metz et al., "Gradients are not all you
 * need" (arXiv 2111.05803, §4 and Fig. 4): the meta-loss {@code M(θ) = (1/T) Σ_{t<T} L(p_t)} of T inner steps of the
 * learned optimizer θ defines, from parameters p_0, every step on the same batch. {@link #bptt} differentiates M by
 * reverse mode through all T steps (the inner gradients nested; √T checkpointing by {@link Loops#fori}), which is what
 * truncated BPTT computes on one truncation; {@link #es} is the antithetic evolution-strategies estimate
 * {@code (M(θ+ε) − M(θ−ε)) / (2σ²) · ε}, ε ~ N(0, σ²I), which is what PES computes on an unroll made of one truncation
 * (Vicol et al. 2021, Eq. 7 with a single truncation). This is a minimal unroll of this package, written for the study;
 * meta-training has its own.
 */
final class MetaGradients {
    private final AD ad;
    private final OptimizationTask task;
    private final LearnedOptimizer lopt;
    private final Object batch;
    private final int steps;

    /** The loop carry: inner params, optimizer state, Σ of the losses so far. A pytree (public record). */
    public record Carry(Object params, OptState state, Var sum) { }

    MetaGradients(AD ad, OptimizationTask task, LearnedOptimizer lopt, Object batch, int steps) {
        this.ad = ad;
        this.task = task;
        this.lopt = lopt;
        this.batch = batch;
        this.steps = steps;
    }

    /** M(θ) from p0, and its gradient in θ (flattened in θ's leaf order) by backpropagation through the unroll. */
    Estimate bptt(Object theta, Object p0, boolean checkpoint) {
        Ops o = ad.ops();
        ValueAndGrad<Object> vg = ad.valueAndGrad(th -> Loops.fori(ad, steps, this::step, start(theta, p0), th, checkpoint).sum().div(steps),
                theta);
        return new Estimate(vg.value().item(), flat(vg.grad(), o));
    }

    /** The antithetic ES estimate with {@code pairs} perturbations drawn from {@code key} (their mean). */
    Estimate es(Object theta, Object p0, double sigma, int pairs, RandomKey key) {
        Ops o = ad.ops();
        Trees.Flat th = Trees.flatten(theta, o);
        double[] g = null;
        double center = 0;
        for (int i = 0; i < pairs; i++) {
            List<Var> plus = new ArrayList<>(), minus = new ArrayList<>(), eps = new ArrayList<>();
            for (int j = 0; j < th.leaves().size(); j++) {
                Var leaf = th.leaves().get(j);
                Var e = o.constant(o.tensors().normal(key.foldIn(i).foldIn(j), DType.FLOAT64, leaf.shape().toArray())).mul(sigma);
                eps.add(e);
                plus.add(leaf.add(e));
                minus.add(leaf.sub(e));
            }
            double mp = forward(Trees.unflatten(th.def(), plus), p0), mm = forward(Trees.unflatten(th.def(), minus), p0);
            center += (mp + mm) / 2 / pairs;
            double[] e = flat(eps, o);
            if (g == null) g = new double[e.length];
            for (int k = 0; k < e.length; k++) g[k] += (mp - mm) / (2 * sigma * sigma) * e[k] / pairs;
        }
        return new Estimate(center, g);
    }

    /** M(θ) from p0, evaluated only. */
    double forward(Object theta, Object p0) {
        Carry c = start(theta, p0);
        for (int t = 0; t < steps; t++) c = step(t, c, theta);
        return c.sum().item() / steps;
    }

    private Carry start(Object theta, Object p0) {
        Ops o = ad.ops();
        return new Carry(p0, lopt.optimizer(o, ad.stopGradient(theta), steps).init(p0), o.scalar(DType.FLOAT64, 0));
    }

    private Carry step(int t, Carry c, Object theta) {
        Ops o = ad.ops();
        ValueAndGrad<Object> vg = ad.valueAndGrad(p -> task.loss(o, p, batch), c.params());
        Optimizer opt = lopt.optimizer(o, theta, steps);
        Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), c.state(), c.params(), vg.value())
                : opt.update(vg.grad(), c.state(), c.params());
        return new Carry(opt.applyUpdates(c.params(), u.updates()), u.state(), c.sum().add(vg.value()));
    }

    /** A meta-loss and a meta-gradient estimate, flattened. */
    record Estimate(double metaLoss, double[] grad) { }

    static double[] flat(Object tree, Ops o) {
        return Trees.flatten(tree, o).leaves().stream().flatMapToDouble(v -> Arrays.stream(o.tensors().toDoubleArray(v.value()))).toArray();
    }
}
