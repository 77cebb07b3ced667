package org.polymorph.optimizers.internal.task;

import org.polymorph.autodiff.Var;

/** Checks shared by the tasks of this package. */
final class Tasks {
    private Tasks() { }

    /** {@code params} as the Var vector [dim] a vector task's init gives. */
    static Var vector(Object params, int dim, String task) {
        if (!(params instanceof Var v) || v.rank() != 1 || v.dim(0) != dim) {
            throw new IllegalArgumentException("task " + task + ": params must be a vector [" + dim + "] as init gives, got "
                    + (params instanceof Var v ? String.valueOf(v.shape()) : String.valueOf(params)));
        }
        return v;
    }
}
