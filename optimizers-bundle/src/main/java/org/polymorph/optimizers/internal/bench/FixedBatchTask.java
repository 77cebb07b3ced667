package org.polymorph.optimizers.internal.bench;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * {@code task} trained on one batch at every step (the fixed batch of Metz et al., arXiv 2111.05803 §3.2): everything
 * is the task's except {@link #batches}, whose every step gives {@code batch}.
 */
record FixedBatchTask(OptimizationTask task, Object batch) implements OptimizationTask {
    @Override public String name() { return task.name(); }

    @Override public String family() { return task.family(); }

    @Override public String description() { return task.description() + " (one fixed batch)"; }

    @Override public long parameterCount() { return task.parameterCount(); }

    @Override public Object init(Ops ops, RandomKey key) { return task.init(ops, key); }

    @Override public Var loss(Ops ops, Object params, Object b) { return task.loss(ops, params, b); }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return step -> batch; }
}
