package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * out[s] = sum of data rows with ids == s, s in [0, n); ids out of range are dropped. Linear in
 * data; the VJP gathers ct rows by id (take on clipped ids) and zeroes the rows of dropped ids.
 */
public final class SegmentSum implements Builtin {
    private final int n;

    public SegmentSum(int n) { this.n = n; }

    @Override public String name() { return "segment_sum"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.segmentSum(a[0], a[1], n)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.segmentSum(t[0], x[1], n));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null || !x[0].dtype().isFloating()) return new Var[2];
        Var data = x[0];
        if (n == 0) return new Var[] {o.zerosLike(data), null};
        Var ids = x[1];
        Var valid = o.binary(BinaryOp.AND, o.binary(BinaryOp.GE, ids, o.scalar(ids.dtype(), 0)),
                o.binary(BinaryOp.LT, ids, o.scalar(ids.dtype(), n)));
        Var rows = o.take(ct[0], o.where(valid, ids, o.scalar(ids.dtype(), 0)), 0);      // [N, ...]
        int[] vs = new int[data.rank()];
        java.util.Arrays.fill(vs, 1);
        vs[0] = data.dim(0);
        return new Var[] {o.where(o.reshape(valid, vs), rows, o.scalarLike(rows, 0)), null};
    }

    /** Batched data: segments along axis 1 via a transpose; batched ids go per example. */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        if (batched[1]) return null;
        int r = a[0].rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[0] = 1;
        perm[1] = 0;
        return Rules.one(o.transpose(o.segmentSum(o.transpose(a[0], perm), a[1], n), perm));
    }
}
