package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** numpy.broadcast_to; the VJP sums over the broadcast axes. */
public final class BroadcastTo implements Builtin {
    private final int[] shape;

    public BroadcastTo(int[] shape) { this.shape = shape.clone(); }

    @Override public String name() { return "broadcast_to"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.broadcastTo(a[0], shape)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return Rules.one(t[0] == null ? null : o.broadcastTo(t[0], shape)); }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null ? null : Rules.unbroadcast(o, ct[0], x[0].shape()));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        Var x = Rules.padBatched(o, a[0], shape.length + 1);
        return Rules.one(o.broadcastTo(x, Rules.prepend(x.dim(0), shape)));
    }
}
