package org.polymorph.optimizers.internal.meta;

import java.util.List;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Meta-training's estimators on one truncation that starts from given inner parameters, for studies at a fixed θ
 * outside meta-training (the variance study of Metz et al., "Gradients are not all you need", arXiv 2111.05803 §3.2,
 * and outer-step timings): an episode of exactly {@code steps} inner steps of {@code task} from p0 with the learned
 * optimizer's fresh state, batches from {@code task.batches(ts, dataKey)}, meta-loss the mean per-step {@link MetaLoss}
 * (clipped for image tasks, as in meta-training). {@link #bptt} is {@link TruncatedBptt}'s estimate, {@link #es} the mean
 * of {@code pairs} estimates of {@link TruncatedEs} (which on a truncation that is a whole episode is also PES's).
 */
public final class OneTruncation {
    private final AD ad;
    private final LearnedOptimizer lopt;
    private final TaskDistribution dist;
    private final RandomKey dataKey;
    private final int steps;

    /** A meta-loss and a meta-gradient estimate flattened in θ's leaf order ({@code Trees.flatten}), [D]. */
    public record Estimate(double metaLoss, double[] grad) { }

    public OneTruncation(AD ad, OptimizationTask task, LearnedOptimizer lopt, RandomKey dataKey, int steps) {
        if (steps < 1) throw new IllegalArgumentException("one truncation: " + steps + " inner steps, need >= 1");
        this.ad = ad;
        this.lopt = lopt;
        this.dist = new TaskDistribution(List.of(task), new LogUniformLengthSchedule(steps, steps), 0);
        this.dataKey = dataKey;
        this.steps = steps;
    }

    /** The meta-loss from p0 and its gradient in θ by backpropagation through the unroll (√T checkpointing if asked). */
    public Estimate bptt(Object theta, Object p0, boolean checkpoint) {
        Frozen th = Frozen.of(theta, ad.ops());
        Estimator.Contribution c = new TruncatedBptt().estimate(setup(RandomKey.of(0), 0, checkpoint), th, 0, 0, member(th, p0));
        return new Estimate(c.loss(), c.grad().flat(ts()));
    }

    /**
     * The antithetic ES estimate {@code (M(θ+ε) − M(θ−ε)) / (2σ²) · ε}, ε ~ N(0, σ²I), averaged over {@code pairs}
     * perturbations; pair i draws ε from {@code key.foldIn(0).foldIn(0).foldIn(i)} (leaf j from its {@code foldIn(j)},
     * entry k its normal k); meta-loss the mean of {@code (M(θ+ε) + M(θ−ε)) / 2}.
     */
    public Estimate es(Object theta, Object p0, double sigma, int pairs, RandomKey key) {
        Frozen th = Frozen.of(theta, ad.ops());
        Estimator.Setup setup = setup(key, sigma, false);
        Estimator.Member start = member(th, p0);
        double[] g = new double[0];
        double loss = 0;
        for (int i = 0; i < pairs; i++) {
            Estimator.Contribution c = new TruncatedEs().estimate(setup, th, 0, i, start);
            double[] gi = c.grad().flat(ts());
            if (i == 0) g = new double[gi.length];
            for (int k = 0; k < gi.length; k++) g[k] += gi[k] / pairs;
            loss += c.loss() / pairs;
        }
        return new Estimate(loss, g);
    }

    /** The meta-loss from p0, evaluated only. */
    public double forward(Object theta, Object p0) {
        Frozen th = Frozen.of(theta, ad.ops());
        return Unroll.forward(ad, dist, lopt, th, member(th, p0).pos(), steps, MetaLoss.Reduction.MEAN).metaLoss();
    }

    private Estimator.Setup setup(RandomKey root, double std, boolean checkpoint) {
        Supplier<AD> engine = () -> ad;
        return new Estimator.Setup(engine, dist, lopt, root, steps, std, MetaLoss.Reduction.MEAN, checkpoint);
    }

    /** A member at the start of its episode: p0 and the optimizer's initial state for θ. */
    private Estimator.Member member(Frozen theta, Object p0) {
        Ops o = ad.ops();
        Object state = lopt.optimizer(o, theta.thaw(o), steps).init(p0);
        return new Estimator.Member(new InnerState(0, dataKey, 0, 0, steps, Frozen.of(p0, o), Frozen.of(state, o)), null, null);
    }

    private TensorService ts() { return ad.ops().tensors(); }
}
