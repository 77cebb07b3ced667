package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Stable ascending sort indices (INT64) along a normalised axis: no derivative. */
public final class Argsort implements Builtin {
    private final int axis;

    public Argsort(int axis) { this.axis = axis; }

    @Override public String name() { return "argsort"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.argsort(a[0], axis)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return new Var[1]; }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) { return new Var[1]; }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.argsort(a[0], axis + 1)); }
}
