package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.Ops;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The tree structures meta-training's state is rebuilt on (a checkpoint read back, a work item on another member): θ as
 * the learned optimizer initialises it, an inner run's parameters as its task does, and its optimizer state as the
 * learned optimizer at θ for the episode's length starts it. Only structure, shapes and dtypes are taken from them.
 */
final class Shapes {
    private Shapes() { }

    /** θ's tree. */
    static Object theta(Ops o, LearnedOptimizer lopt) { return lopt.initMetaParams(o, RandomKey.of(0)); }

    /** The parameters' tree of {@code task}. */
    static Object params(Ops o, OptimizationTask task) { return task.init(o, RandomKey.of(0)); }

    /** The inner optimizer state's tree for parameters shaped as {@code params}, an episode of {@code length} steps. */
    static Object optState(Ops o, LearnedOptimizer lopt, Frozen theta, long length, Object params) {
        return lopt.optimizer(o, theta.thaw(o), length).init(params);
    }
}
