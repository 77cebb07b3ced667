package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/** Helpers shared by the rules. */
public final class Rules {
    private Rules() { }

    public static Tensor[] one(Tensor t) { return new Tensor[] {t}; }

    public static Var[] one(Var v) { return new Var[] {v}; }

    /** Sums ct [broadcast shape] down to {@code target}, the adjoint of NumPy broadcasting. */
    public static Var unbroadcast(Ops o, Var ct, Shape target) {
        if (ct.shape().equals(target)) return ct;
        int lead = ct.rank() - target.rank();
        int[] cs = ct.shape().toArray();
        int[] axes = new int[ct.rank()];
        int n = 0;
        for (int i = 0; i < ct.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && cs[i] != 1)) axes[n++] = i;
        }
        Var r = n == 0 ? ct : o.reduce(org.polymorph.core.tensor.ReduceOp.SUM, ct, true, java.util.Arrays.copyOf(axes, n));
        return o.reshape(r, target.toArray());
    }

    /** v, or zeros shaped like {@code like} when v is null. */
    public static Var orZeros(Ops o, Var v, Var like) { return v != null ? v : o.zerosLike(like); }

    /** Sum of the non-null terms, or null when all are null. */
    public static Var sum(Ops o, Var... terms) {
        Var acc = null;
        for (Var t : terms) if (t != null) acc = acc == null ? t : o.add(acc, t);
        return acc;
    }

    /** x with length-1 axes inserted after axis 0 until it has rank {@code rank} (batched operands). */
    public static Var padBatched(Ops o, Var x, int rank) {
        if (x.rank() >= rank) return x;
        int[] s = new int[rank];
        int[] xs = x.shape().toArray();
        s[0] = xs[0];
        for (int i = 1; i < rank; i++) s[i] = 1;
        System.arraycopy(xs, 1, s, rank - xs.length + 1, xs.length - 1);
        return o.reshape(x, s);
    }

    /** Brings batched and unbatched elementwise operands to a common layout: batch axis 0 in front. */
    public static Var[] alignBatched(Ops o, Var[] args, boolean[] batched) {
        int rank = 0;
        for (int i = 0; i < args.length; i++) rank = Math.max(rank, args[i].rank() - (batched[i] ? 1 : 0));
        Var[] out = new Var[args.length];
        for (int i = 0; i < args.length; i++) out[i] = batched[i] ? padBatched(o, args[i], rank + 1) : args[i];
        return out;
    }

    /** Length of the batch axis of the first batched operand. */
    public static int batchSize(Var[] args, boolean[] batched) {
        for (int i = 0; i < args.length; i++) if (batched[i]) return args[i].dim(0);
        throw new IllegalStateException("no batched operand");
    }

    /** Per-example axes shifted past the batch axis. */
    public static int[] shift(int[] axes) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) out[i] = axes[i] + 1;
        return out;
    }

    /** [n] + shape. */
    public static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** shape + [n]. */
    public static int[] append(int[] shape, int n) {
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = n;
        return out;
    }
}
