package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Strided slice with numpy's clamping; the VJP is {@link SliceTranspose}, which scatters the
 * cotangent back into zeros of the operand's shape.
 */
public final class Slice implements Builtin {
    final int[] start;
    final int[] stop;
    final int[] step;
    final int[] inShape;

    public Slice(int[] inShape, int[] start, int[] stop, int[] step) {
        int r = inShape.length;
        if (start.length != r || stop.length != r || step.length != r) {
            throw new IllegalArgumentException("slice: start/stop/step need one entry per axis (rank " + r + ")");
        }
        this.inShape = inShape.clone();
        this.start = start.clone();
        this.stop = stop.clone();
        this.step = step.clone();
    }

    @Override public String name() { return "slice"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.slice(a[0], start, stop, step)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        return Rules.one(t[0] == null ? null : o.slice(t[0], start, stop, step));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null ? null : SliceTranspose.bind(o, ct[0], this));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        int b = a[0].dim(0);
        return Rules.one(o.slice(a[0], Rules.prepend(0, start), Rules.prepend(b, stop), Rules.prepend(1, step)));
    }

    /** The indices numpy selects along {@code axis}. */
    int[] indices(int axis) {
        int n = inShape[axis];
        int st = step[axis];
        if (st == 0) throw new IllegalArgumentException("slice: step 0 on axis " + axis + "; use a non-zero step");
        int lo;
        int hi;
        if (st > 0) {
            lo = clamp(start[axis] < 0 ? start[axis] + n : start[axis], 0, n);
            hi = clamp(stop[axis] < 0 ? stop[axis] + n : stop[axis], 0, n);
        } else {
            lo = clamp(start[axis] < 0 ? start[axis] + n : start[axis], -1, n - 1);
            hi = stop[axis] == Integer.MIN_VALUE ? -1 : clamp(stop[axis] < 0 ? stop[axis] + n : stop[axis], -1, n - 1);
        }
        int count = st > 0 ? Math.max(0, (hi - lo + st - 1) / st) : Math.max(0, (lo - hi - st - 1) / -st);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = lo + i * st;
        return idx;
    }

    private static int clamp(int v, int lo, int hi) { return Math.max(lo, Math.min(hi, v)); }
}
