package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The adjoint of {@link Slice}: places a sliced cotangent into zeros of the operand's shape, one
 * scatter-add per sliced axis. Linear; its VJP is the slice again.
 */
public final class SliceTranspose implements Builtin {
    private final Slice slice;

    private SliceTranspose(Slice slice) { this.slice = slice; }

    static Var bind(Ops o, Var ct, Slice slice) {
        return o.apply(new SliceTranspose(slice), ct)[0];
    }

    @Override public String name() { return "slice_transpose"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Tensor r = a[0];
        for (int ax = 0; ax < slice.inShape.length; ax++) {
            int[] idx = slice.indices(ax);
            if (isIdentity(idx, slice.inShape[ax])) continue;
            int[] s = r.shape().toArray();
            s[ax] = slice.inShape[ax];
            r = ts.scatterAdd(ts.zeros(r.dtype(), s), ts.fromArray(idx, idx.length), r, ax);
        }
        return Rules.one(r);
    }

    private static boolean isIdentity(int[] idx, int n) {
        if (idx.length != n) return false;
        for (int i = 0; i < n; i++) if (idx[i] != i) return false;
        return true;
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : bind(o, t[0], slice));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null ? null : o.slice(ct[0], slice.start, slice.stop, slice.step));
    }

}
