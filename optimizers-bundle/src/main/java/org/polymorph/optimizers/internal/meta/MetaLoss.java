package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The per-step meta-loss: the training loss through the task's normalizer, as learned_optimization's
 * {@code task.normalizer} (tasks/fixed/image_mlp.py): for image classification ({@code family}
 * image_mlp or conv, 10 classes) the loss is clipped to [0, 1.5·ln 10] and NaN becomes that maximum;
 * other tasks keep their loss (NaN stays NaN, which the estimators treat as no signal).
 *
 * @param max the upper clip, +∞ for none
 */
record MetaLoss(double max) {
    /** 1.5·ln 10 = 3.4539: learned_optimization's clip for 10-class image tasks. */
    static final double IMAGE_MAX = 1.5 * Math.log(10);

    /** Reduction of the per-step losses of a truncation: their mean, or the loss after its last step. */
    enum Reduction { MEAN, FINAL }

    static MetaLoss of(OptimizationTask task) {
        String f = task.family();
        return new MetaLoss(f.equals("image_mlp") || f.equals("conv") ? IMAGE_MAX : Double.POSITIVE_INFINITY);
    }

    boolean clips() { return max < Double.POSITIVE_INFINITY; }

    /** The normalized loss, differentiable where it is not clipped. */
    Var apply(Ops ops, Var loss) {
        if (!clips()) return loss;
        if (Double.isNaN(loss.item())) return ops.scalarLike(loss, max);
        return ops.minimum(ops.maximum(loss, ops.scalarLike(loss, 0)), ops.scalarLike(loss, max));
    }

    double apply(double loss) {
        if (!clips()) return loss;
        return Double.isNaN(loss) ? max : Math.min(Math.max(loss, 0), max);
    }
}
