package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Loops;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * A truncation: up to K inner steps of the learned optimizer θ defines, from an {@link InnerState}, and
 * its meta-loss. Inner step t (iteration i = state.iteration + t) takes the task's batch i, the training
 * loss L_i and its gradient at the current parameters, and the optimizer's update; the per-step
 * meta-loss is {@link MetaLoss} of L_i (before the update, as learned_optimization's truncated step and
 * its no-dependency notebook record it). The truncation's meta-loss is the mean of its per-step losses,
 * or ({@link MetaLoss.Reduction#FINAL}) the normalized loss after its last update on the last batch.
 * A truncation stops at the episode's end.
 *
 * <p>{@link #forward} only evaluates (ES and PES); {@link #bptt} also differentiates the meta-loss in θ
 * by reverse mode through every inner step (truncated backpropagation through time), the inner
 * gradients being nested derivatives; with {@code checkpoint} the steps run under {@link Loops#fori}'s
 * √K checkpointing, so the tape holds O(√K) inner states.
 */
final class Unroll {
    private Unroll() { }

    /** A truncation's meta-loss (mean over its steps or final) and the state after it. */
    record Result(double metaLoss, InnerState next) { }

    /** A truncation's meta-loss, its gradient in θ (θ's structure), and the state after it. */
    record Grad(double metaLoss, Frozen grad, InnerState next) { }

    /** The loop carry of {@link #bptt}: inner params, optimizer state, Σ per-step meta-loss. A pytree. */
    public record Carry(Object params, OptState state, Var sum) { }

    static Result forward(AD ad, TaskDistribution dist, LearnedOptimizer lopt, Frozen theta, InnerState s, int k,
                          MetaLoss.Reduction reduction) {
        Ops o = ad.ops();
        int steps = s.stepsOf(k);
        Step step = new Step(ad, dist, lopt, s);
        Object th = theta.thaw(o);
        Carry c = new Carry(s.params().thaw(o), (OptState) s.optState().thaw(o), o.scalar(DType.FLOAT64, 0));
        for (int t = 0; t < steps; t++) c = step.apply(t, c, th);
        double loss = reduction == MetaLoss.Reduction.MEAN ? c.sum().item() / steps : step.finalLoss(c, steps).item();
        return new Result(loss, s.advanced(steps, Frozen.of(c.params(), o), Frozen.of(c.state(), o)));
    }

    static Grad bptt(AD ad, TaskDistribution dist, LearnedOptimizer lopt, Frozen theta, InnerState s, int k,
                     MetaLoss.Reduction reduction, boolean checkpoint) {
        Ops o = ad.ops();
        int steps = s.stepsOf(k);
        Step step = new Step(ad, dist, lopt, s);
        Carry[] last = new Carry[1];
        ValueAndGrad<Object> vg = ad.valueAndGrad(th -> {
            Carry init = new Carry(s.params().thaw(o), (OptState) s.optState().thaw(o), o.scalar(DType.FLOAT64, 0));
            Carry c = Loops.fori(ad, steps, step, init, th, checkpoint);
            last[0] = c;
            return reduction == MetaLoss.Reduction.MEAN ? c.sum().div(steps) : step.finalLoss(c, steps);
        }, theta.thaw(o));
        Carry c = last[0];
        return new Grad(vg.value().item(), Frozen.of(vg.grad(), o),
                s.advanced(steps, Frozen.of(c.params(), o), Frozen.of(c.state(), o)));
    }

    /** One inner step, the body of the truncation's loop; θ comes in as the loop's params. */
    private static final class Step implements Loops.Body<Carry, Object> {
        private final AD ad;
        private final Ops o;
        private final OptimizationTask task;
        private final OptimizationTask.BatchStream batches;
        private final MetaLoss metaLoss;
        private final LearnedOptimizer lopt;
        private final InnerState s;

        Step(AD ad, TaskDistribution dist, LearnedOptimizer lopt, InnerState s) {
            this.ad = ad;
            this.o = ad.ops();
            this.task = dist.task(s);
            this.batches = dist.stream(o.tensors(), s);
            this.metaLoss = dist.metaLoss(s);
            this.lopt = lopt;
            this.s = s;
        }

        @Override
        public Carry apply(int t, Carry c, Object theta) {
            Object batch = batches.batch(s.iteration() + t);
            ValueAndGrad<Object> vg = ad.valueAndGrad(p -> task.loss(o, p, batch), c.params());
            Optimizer opt = lopt.optimizer(o, theta, s.length());
            Update u = opt instanceof LossAwareOptimizer la
                    ? la.update(vg.grad(), c.state(), c.params(), vg.value())
                    : opt.update(vg.grad(), c.state(), c.params());
            return new Carry(opt.applyUpdates(c.params(), u.updates()), u.state(), c.sum().add(metaLoss.apply(o, vg.value())));
        }

        /** The normalized loss at the carry's params on the batch of the truncation's last step. */
        Var finalLoss(Carry c, int steps) {
            return metaLoss.apply(o, task.loss(o, c.params(), batches.batch(s.iteration() + steps - 1)));
        }
    }
}
