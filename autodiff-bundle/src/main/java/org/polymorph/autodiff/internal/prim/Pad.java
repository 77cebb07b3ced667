package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Constant padding; the VJP slices the interior out of the cotangent. */
public final class Pad implements Builtin {
    private final int[][] widths;
    private final double value;

    public Pad(int[][] widths, double value) {
        this.widths = new int[widths.length][];
        for (int i = 0; i < widths.length; i++) this.widths[i] = widths[i].clone();
        this.value = value;
    }

    @Override public String name() { return "pad"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.pad(a[0], widths, value)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return Rules.one(t[0] == null ? null : o.pad(t[0], widths, 0)); }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        int r = x[0].rank();
        int[] start = new int[r];
        int[] stop = new int[r];
        int[] step = new int[r];
        for (int i = 0; i < r; i++) {
            start[i] = widths[i][0];
            stop[i] = widths[i][0] + x[0].dim(i);
            step[i] = 1;
        }
        return Rules.one(o.slice(ct[0], start, stop, step));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        int[][] w = new int[widths.length + 1][];
        w[0] = new int[] {0, 0};
        System.arraycopy(widths, 0, w, 1, widths.length);
        return Rules.one(o.pad(a[0], w, value));
    }
}
