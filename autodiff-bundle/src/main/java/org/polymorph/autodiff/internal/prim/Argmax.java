package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Index of the maximum along a normalised axis (INT64): no derivative. */
public final class Argmax implements Builtin {
    private final int axis;
    private final boolean keepDims;

    public Argmax(int axis, boolean keepDims) {
        this.axis = axis;
        this.keepDims = keepDims;
    }

    @Override public String name() { return "argmax"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.argmax(a[0], axis, keepDims)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return new Var[1]; }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) { return new Var[1]; }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.argmax(a[0], axis + 1, keepDims)); }
}
