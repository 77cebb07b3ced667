package org.polymorph.optimizers.learned;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Var;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;

/**
 * An {@link Optimizer} whose update also reads the training loss (VeLO's loss features). Trainers
 * that have the loss call {@link #update(Object, OptState, Object, Var)} when the optimizer
 * implements this interface; the three-argument update of {@link Optimizer} then works without it.
 */
@ConsumerType
public interface LossAwareOptimizer extends Optimizer {
    /**
     * One step, as {@link Optimizer#update}, with the loss at {@code params} on the batch {@code grads} came from.
     *
     * @param loss the scalar training loss (float64), may be traced
     */
    Update update(Object grads, OptState state, Object params, Var loss);
}
