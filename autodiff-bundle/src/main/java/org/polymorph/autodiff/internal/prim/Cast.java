package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** dtype conversion; differentiable between float dtypes only. */
public final class Cast implements Builtin {
    private final DType to;

    public Cast(DType to) { this.to = to; }

    @Override public String name() { return "cast"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.cast(a[0], to)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null || !to.isFloating() ? null : o.cast(t[0], to));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null || !x[0].dtype().isFloating() ? null : o.cast(ct[0], x[0].dtype()));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.cast(a[0], to)); }
}
