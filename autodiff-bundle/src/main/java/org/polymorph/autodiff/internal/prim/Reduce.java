package org.polymorph.autodiff.internal.prim;

import java.util.Locale;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Reductions over normalised axes. MAX/MIN spread the derivative equally over tied maxima (JAX's
 * rule); PROD uses out/x, so it needs non-zero inputs.
 */
public final class Reduce implements Builtin {
    private final ReduceOp op;
    private final boolean keepDims;
    private final int[] axes;      // normalised, ascending, non-empty

    /** {@code axes} empty means all; negative axes count from the end of a rank-{@code rank} input. */
    public Reduce(ReduceOp op, boolean keepDims, int[] axes, int rank) {
        this.op = op;
        this.keepDims = keepDims;
        this.axes = normalise(axes, rank);
    }

    static int[] normalise(int[] axes, int rank) {
        if (axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) throw new IllegalArgumentException("reduce: axis " + axes[i] + " out of range for rank " + rank);
            out[i] = a;
        }
        java.util.Arrays.sort(out);
        return out;
    }

    @Override public String name() { return "reduce_" + op.name().toLowerCase(Locale.ROOT); }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        if (axes.length == 0) return Rules.one(a[0]);
        return Rules.one(ts.reduce(op, a[0], keepDims, axes));
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[1];
        return Rules.one(switch (op) {
            case SUM, MEAN -> o.reduce(op, t[0], keepDims, axes);
            case PROD, MAX, MIN, LOGSUMEXP -> o.reduce(ReduceOp.SUM, o.mul(t[0], weight(o, x[0], y[0])), keepDims, axes);
        });
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        Var g = o.broadcastTo(expand(o, ct[0], x[0]), x[0].shape().toArray());
        return Rules.one(switch (op) {
            case SUM -> g;
            case MEAN -> o.div(g, o.scalarLike(g, count(x[0])));
            case PROD, MAX, MIN, LOGSUMEXP -> o.mul(g, weight(o, x[0], y[0]));
        });
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        if (axes.length == 0) return Rules.one(a[0]);
        return Rules.one(o.reduce(op, a[0], keepDims, Rules.shift(axes)));
    }

    /**
     * ∂out/∂x for the non-linear reductions, shaped like x. The linear ones (SUM, MEAN) never ask:
     * their rules above are written without a weight.
     */
    private Var weight(Ops o, Var x, Var y) {
        Var ye = expand(o, y, x);
        return switch (op) {
            case MAX, MIN -> {
                Var m = o.cast(o.binary(BinaryOp.EQ, x, ye), x.dtype());
                yield o.div(m, o.reduce(ReduceOp.SUM, m, true, axes));
            }
            case PROD -> o.div(ye, x);
            case LOGSUMEXP -> o.exp(o.sub(x, ye));
            case SUM, MEAN -> throw new UnsupportedOperationException("primitive " + name() + ": a linear reduction has no weight");
        };
    }

    /** A reduced value with the reduced axes back as length 1 (broadcastable against x). */
    private Var expand(Ops o, Var r, Var x) {
        if (keepDims) return r;
        int[] s = x.shape().toArray();
        for (int ax : axes) s[ax] = 1;
        return o.reshape(r, s);
    }

    private long count(Var x) {
        long n = 1;
        for (int ax : axes) n *= x.dim(ax);
        return n;
    }
}
