package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** The identity with a zero derivative in every mode. */
public final class StopGradient implements Builtin {
    @Override public String name() { return "stop_gradient"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(a[0]); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return new Var[1]; }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) { return new Var[1]; }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.stopGradient(a[0])); }
}
