package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.take along a normalised axis: out = x.shape[:axis] + indices.shape + x.shape[axis+1:].
 * Linear in x; the VJP scatter-adds the cotangent into zeros (repeated indices accumulate).
 */
public final class Take implements Builtin {
    private final int axis;

    public Take(int axis) { this.axis = axis; }

    @Override public String name() { return "take"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.take(a[0], a[1], axis)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.take(t[0], x[1], axis));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null || !x[0].dtype().isFloating()) return new Var[2];
        return new Var[] {o.scatterAdd(o.zerosLike(x[0]), x[1], ct[0], axis), null};
    }

    /** x batched: take on axis + 1; indices batched: the new indices axis moves to the front; both: per example. */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        if (batched[0] && batched[1]) return null;
        if (batched[0]) return Rules.one(o.take(a[0], a[1], axis + 1));
        Var r = o.take(a[0], a[1], axis);
        int[] perm = new int[r.rank()];
        perm[0] = axis;
        for (int i = 1; i < perm.length; i++) perm[i] = i <= axis ? i - 1 : i;
        return Rules.one(o.transpose(r, perm));
    }
}
