package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * target with updates added at indices along a normalised axis (the adjoint of {@link Take}).
 * Linear in (target, updates): ct_target = ct, ct_updates = take(ct, indices, axis).
 */
public final class ScatterAdd implements Builtin {
    private final int axis;

    public ScatterAdd(int axis) { this.axis = axis; }

    @Override public String name() { return "scatter_add"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.scatterAdd(a[0], a[1], a[2], axis)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[2] == null) return Rules.one(t[0]);
        return Rules.one(o.scatterAdd(Rules.orZeros(o, t[0], x[0]), x[1], t[2], axis));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null || !x[0].dtype().isFloating()) return new Var[3];
        return new Var[] {ct[0], null, o.take(ct[0], x[1], axis)};
    }

    /** Unbatched target or updates are broadcast along the batch axis; batched indices go per example. */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        if (batched[1]) return null;
        int b = Rules.batchSize(a, batched);
        Var target = batched[0] ? a[0] : o.broadcastTo(o.expandDims(a[0], 0), Rules.prepend(b, a[0].shape().toArray()));
        Var upd = batched[2] ? a[2] : o.broadcastTo(o.expandDims(a[2], 0), Rules.prepend(b, a[2].shape().toArray()));
        return Rules.one(o.scatterAdd(target, a[1], upd, axis + 1));
    }
}
