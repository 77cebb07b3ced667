package org.polymorph.optimizers.internal.bench;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The plain evaluation loop of a benchmark: trains a task's parameters with an optimizer and records the training
 * loss of every step, differentiating only the loss (never through the optimizer; a {@link LossAwareOptimizer} also gets
 * the loss), in the manner of learned_optimization's eval_training.py. Randomness: the parameters are
 * {@code task.init(key.foldIn(0))} and the batches {@code task.batches(key.foldIn(1))}, so a run is a pure function
 * of (task, optimizer, steps, key).
 */
public final class InnerTraining {
    private InnerTraining() { }

    /** A timed run: its losses, the wall time of all its steps and of their optimizer parts (update and apply), seconds. */
    public record Timed(double[] losses, double seconds, double updateSeconds) { }

    /**
     * The minibatch losses {@code l[k]} (k = 0..steps-1) of the parameters before update k. A run whose loss becomes
     * non-finite stops there; that entry and the rest are {@code +∞} (a diverged run: worse than any finite loss).
     */
    public static double[] losses(AD ad, OptimizationTask task, Optimizer opt, int steps, RandomKey key) {
        return timed(ad, task, opt, steps, key).losses();
    }

    /** {@link #losses} with the wall time of the steps (batch, loss and gradient, update) and of the updates alone. */
    public static Timed timed(AD ad, OptimizationTask task, Optimizer opt, int steps, RandomKey key) {
        Object params = task.init(ad.ops(), key.foldIn(0));
        OptimizationTask.BatchStream data = task.batches(ad.ops().tensors(), key.foldIn(1));
        OptState state = opt.init(params);
        double[] out = new double[steps];
        long start = System.nanoTime(), inUpdate = 0;
        for (int k = 0; k < steps; k++) {
            Object batch = data.batch(k);
            ValueAndGrad<Object> vg = ad.valueAndGrad(p -> task.loss(ad.ops(), p, batch), params);
            double loss = vg.value().item();
            if (!Double.isFinite(loss)) {
                java.util.Arrays.fill(out, k, steps, Double.POSITIVE_INFINITY);
                break;
            }
            out[k] = loss;
            long u0 = System.nanoTime();
            Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), state, params, vg.value())
                    : opt.update(vg.grad(), state, params);
            params = opt.applyUpdates(params, u.updates());
            state = u.state();
            inUpdate += System.nanoTime() - u0;
        }
        return new Timed(out, (System.nanoTime() - start) / 1e9, inUpdate / 1e9);
    }
}
