package org.polymorph.optimizers.internal.task;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The extended Rosenbrock function (Rosenbrock 1960; the chained form of Shanno 1970, scipy's
 * {@code optimize.rosen}): {@code sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2}, i = 0..dim-2, over
 * x [dim] drawn uniformly from [-2, 2]; no data. Minimum 0 at x = (1, ..., 1), reached along a
 * curved narrow valley.
 */
final class RosenbrockTask implements OptimizationTask {
    private final int dim;

    RosenbrockTask(int dim) {
        if (dim < 2) throw new IllegalArgumentException("rosenbrock: dim = " + dim + "; give dim >= 2");
        this.dim = dim;
    }

    @Override public String name() { return "rosenbrock"; }

    @Override public String family() { return "rosenbrock"; }

    @Override public String description() {
        return "extended Rosenbrock sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 over x [" + dim + "] ~ U(-2, 2), no data";
    }

    @Override public long parameterCount() { return dim; }

    @Override public Object init(Ops ops, RandomKey key) {
        return ops.constant(ops.tensors().uniform(key, DType.FLOAT64, -2, 2, dim));
    }

    @Override public Var loss(Ops ops, Object params, Object batch) {
        Var x = Tasks.vector(params, dim, name());
        Var head = ops.slice(x, new int[] {0}, new int[] {dim - 1}, new int[] {1});
        Var tail = ops.slice(x, new int[] {1}, new int[] {dim}, new int[] {1});
        return tail.sub(head.square()).square().mul(100).add(head.neg().add(1).square()).sum();
    }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

    @Override public String toString() { return name(); }
}
