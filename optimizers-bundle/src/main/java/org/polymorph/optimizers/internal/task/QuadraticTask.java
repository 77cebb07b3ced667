package org.polymorph.optimizers.internal.task;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * learned_optimization's {@code QuadraticTask} (tasks/quadratics.py): loss {@code sum(p^2)} of a
 * vector {@code p [dim]} drawn from a standard normal; no data. Minimum 0 at p = 0.
 */
final class QuadraticTask implements OptimizationTask {
    private final int dim;

    QuadraticTask(int dim) {
        if (dim < 1) throw new IllegalArgumentException("quadratic: dim = " + dim + "; give dim >= 1");
        this.dim = dim;
    }

    @Override public String name() { return "quadratic"; }

    @Override public String family() { return "quadratic"; }

    @Override public String description() {
        return "sum(p^2) over p [" + dim + "] ~ N(0, 1), no data (learned_optimization QuadraticTask)";
    }

    @Override public long parameterCount() { return dim; }

    @Override public Object init(Ops ops, RandomKey key) { return ops.constant(ops.tensors().normal(key, DType.FLOAT64, dim)); }

    @Override public Var loss(Ops ops, Object params, Object batch) { return Tasks.vector(params, dim, name()).square().sum(); }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

    @Override public String toString() { return name(); }
}
