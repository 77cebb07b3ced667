package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Matrix inverse Y = A⁻¹ over the last two axes. dY = -Y dA Y; Ā = -Yᵀ Ȳ Yᵀ (Giles 2008, sec. 2.2.1). */
public final class Inverse implements Builtin {
    @Override public String name() { return "inverse"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.inverse(a[0])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.neg(o.matmul(y[0], o.matmul(t[0], y[0]))));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        Var yt = Lin.mT(o, y[0]);
        return Rules.one(o.neg(o.matmul(yt, o.matmul(ct[0], yt))));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.inverse(a[0])); }
}
