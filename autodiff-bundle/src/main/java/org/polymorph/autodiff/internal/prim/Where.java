package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** cond ? a : b. Selection, not multiplication by a mask, so a NaN in the other branch never leaks. */
public final class Where implements Builtin {
    @Override public String name() { return "where"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.where(a[0], a[1], a[2])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[1] == null && t[2] == null) return new Var[1];
        Var zero = o.scalarLike(y[0], 0);
        return Rules.one(o.where(x[0], t[1] == null ? zero : t[1], t[2] == null ? zero : t[2]));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[3];
        Var zero = o.scalarLike(ct[0], 0);
        return new Var[] {null,
                Rules.unbroadcast(o, o.where(x[0], ct[0], zero), x[1].shape()),
                Rules.unbroadcast(o, o.where(x[0], zero, ct[0]), x[2].shape())};
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        Var[] al = Rules.alignBatched(o, a, batched);
        return Rules.one(o.where(al[0], al[1], al[2]));
    }
}
