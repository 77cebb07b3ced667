package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Determinant over the last two axes. d det = det · tr(A⁻¹ dA); Ā = d̄ · det · A⁻ᵀ (Giles 2008,
 * sec. 2.2.2). The rules go through A⁻¹, so they need a non-singular A.
 */
public final class Det implements Builtin {
    @Override public String name() { return "det"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.det(a[0])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[1];
        Var tr = o.sum(o.mul(Lin.mT(o, o.inverse(x[0])), t[0]), -2, -1);
        return Rules.one(o.mul(y[0], tr));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        Var s = o.expandDims(o.expandDims(o.mul(ct[0], y[0]), -1), -1);
        return Rules.one(o.mul(s, Lin.mT(o, o.inverse(x[0]))));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.det(a[0])); }
}
