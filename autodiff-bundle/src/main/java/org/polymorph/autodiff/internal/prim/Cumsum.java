package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Inclusive cumulative sum along a normalised axis; the VJP is the reversed cumulative sum. */
public final class Cumsum implements Builtin {
    private final int axis;

    public Cumsum(int axis) { this.axis = axis; }

    @Override public String name() { return "cumsum"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.cumsum(a[0], axis)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.cumsum(t[0], axis));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null || !x[0].dtype().isFloating()) return new Var[1];
        return Rules.one(flip(o, o.cumsum(flip(o, ct[0], axis), axis), axis));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.cumsum(a[0], axis + 1)); }

    /** x reversed along axis: a slice with step -1 running through index 0. */
    static Var flip(Ops o, Var x, int axis) {
        if (x.dim(axis) <= 1) return x;
        int r = x.rank();
        int[] start = new int[r];
        int[] stop = x.shape().toArray();
        int[] step = new int[r];
        java.util.Arrays.fill(step, 1);
        start[axis] = x.dim(axis) - 1;
        stop[axis] = Integer.MIN_VALUE;
        step[axis] = -1;
        return o.slice(x, start, stop, step);
    }
}
