package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.take_along_axis on a normalised axis; indices have x's rank and broadcast against x on the
 * other axes. Linear in x. The VJP scatter-adds the cotangent into the flattened x at the flat
 * (row-major) positions the gather read, then reshapes; broadcast axes of x accumulate.
 */
public final class TakeAlongAxis implements Builtin {
    private final int axis;

    public TakeAlongAxis(int axis) { this.axis = axis; }

    @Override public String name() { return "take_along_axis"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.takeAlongAxis(a[0], a[1], axis)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.takeAlongAxis(t[0], x[1], axis));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null || !x[0].dtype().isFloating()) return new Var[2];
        Var flat = flatIndex(o, x[0].shape().toArray(), x[1], ct[0].shape().toArray());
        Var zeros = o.constant(o.tensors().zeros(x[0].dtype(), (int) x[0].size()));
        Var g = o.scatterAdd(zeros, o.reshape(flat, -1), o.reshape(ct[0], -1), 0);
        return new Var[] {o.reshape(g, x[0].shape().toArray()), null};
    }

    /** Rank-aligned: an unbatched operand gets a length-1 leading axis, which broadcasts. */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        Var x = batched[0] ? a[0] : o.expandDims(a[0], 0);
        Var i = batched[1] ? a[1] : o.expandDims(a[1], 0);
        return Rules.one(o.takeAlongAxis(x, i, axis + 1));
    }

    /** INT64 [out]: the row-major offset into x of each gathered element (negative indices wrapped). */
    private Var flatIndex(Ops o, int[] xs, Var idx, int[] out) {
        TensorService ts = o.tensors();
        Var i = o.cast(idx, DType.INT64);
        Var n = o.scalar(DType.INT64, xs[axis]);
        i = o.where(o.binary(BinaryOp.LT, i, o.scalar(DType.INT64, 0)), o.add(i, n), i);
        long stride = 1;
        Var flat = null;
        for (int k = xs.length - 1; k >= 0; k--) {
            Var c = null;
            if (k == axis) {
                c = i;
            } else if (xs[k] != 1) {
                int[] s = new int[xs.length];
                java.util.Arrays.fill(s, 1);
                s[k] = out[k];
                c = o.constant(ts.reshape(ts.arange(DType.INT64, 0, out[k], 1), s));
            }
            if (c != null) {
                Var term = stride == 1 ? c : o.mul(c, o.scalar(DType.INT64, stride));
                flat = flat == null ? term : o.add(flat, term);
            }
            stride *= xs[k];
        }
        return o.broadcastTo(flat, out);
    }
}
