package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Concatenation along a normalised axis; the VJP slices the cotangent back into pieces. */
public final class Concat implements Builtin {
    private final int axis;

    public Concat(int axis) { this.axis = axis; }

    @Override public String name() { return "concat"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.concat(axis, a)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        boolean any = false;
        for (Var v : t) any |= v != null;
        if (!any) return new Var[1];
        Var[] parts = new Var[x.length];
        for (int i = 0; i < x.length; i++) parts[i] = Rules.orZeros(o, t[i], x[i]);
        return Rules.one(o.concat(axis, parts));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        Var[] out = new Var[x.length];
        if (ct[0] == null) return out;
        int offset = 0;
        for (int i = 0; i < x.length; i++) {
            int end = offset + x[i].dim(axis);
            if (x[i].dtype().isFloating()) out[i] = o.sliceAxis(ct[0], axis, offset, end);
            offset = end;
        }
        return out;
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        int b = Rules.batchSize(a, batched);
        Var[] parts = new Var[a.length];
        for (int i = 0; i < a.length; i++) {
            parts[i] = batched[i] ? a[i] : o.broadcastTo(o.expandDims(a[i], 0), Rules.prepend(b, a[i].shape().toArray()));
        }
        return Rules.one(o.concat(axis + 1, parts));
    }
}
