package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.matmul. Rules work on the promoted operands (1-D a as [1, k], 1-D b as [k, 1]):
 * ā = c̄ bᵀ and b̄ = aᵀ c̄, summed over broadcast batch axes.
 */
public final class Matmul implements Builtin {
    @Override public String name() { return "matmul"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.matmul(a[0], a[1])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        Var ta = t[0] == null ? null : o.matmul(t[0], x[1]);
        Var tb = t[1] == null ? null : o.matmul(x[0], t[1]);
        return Rules.one(Rules.sum(o, ta, tb));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[2];
        Var a = promoteA(o, x[0]);
        Var b = promoteB(o, x[1]);
        Shape full = matmulShape(a.shape(), b.shape());
        Var c = o.reshape(ct[0], full.toArray());
        Var ga = Rules.unbroadcast(o, o.matmul(c, Lin.mT(o, b)), a.shape());
        Var gb = Rules.unbroadcast(o, o.matmul(Lin.mT(o, a), c), b.shape());
        return new Var[] {o.reshape(ga, x[0].shape().toArray()), o.reshape(gb, x[1].shape().toArray())};
    }

    @Override public Var[] batch(Ops o, Var[] v, boolean[] batched) {
        Var a = v[0];
        Var b = v[1];
        int ra = a.rank() - (batched[0] ? 1 : 0);
        int rb = b.rank() - (batched[1] ? 1 : 0);
        boolean vecA = ra == 1;
        boolean vecB = rb == 1;
        if (batched[0] && vecA) a = o.expandDims(a, 1);             // [B, 1, k]
        if (batched[1] && vecB) b = o.expandDims(b, -1);            // [B, k, 1]
        if (!batched[0] && vecA) a = o.expandDims(a, 0);            // [1, k]
        if (!batched[1] && vecB) b = o.expandDims(b, -1);           // [k, 1]
        int r = Math.max(a.rank() - (batched[0] ? 1 : 0), b.rank() - (batched[1] ? 1 : 0));
        if (batched[0]) a = Rules.padBatched(o, a, r + 1);
        if (batched[1]) b = Rules.padBatched(o, b, r + 1);
        if (!batched[0] && a.rank() < r + 1) a = o.reshape(a, withOnes(a, r + 1));
        if (!batched[1] && b.rank() < r + 1) b = o.reshape(b, withOnes(b, r + 1));
        Var c = o.matmul(a, b);                                    // [B, ..., m, n]
        if (vecB) c = o.squeeze(c, -1);
        if (vecA) c = o.squeeze(c, -2 + (vecB ? 1 : 0));
        return Rules.one(c);
    }

    private static int[] withOnes(Var x, int rank) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        System.arraycopy(x.shape().toArray(), 0, s, rank - x.rank(), x.rank());
        return s;
    }

    private static Var promoteA(Ops o, Var a) { return a.rank() == 1 ? o.reshape(a, 1, a.dim(0)) : a; }

    private static Var promoteB(Ops o, Var b) { return b.rank() == 1 ? o.reshape(b, b.dim(0), 1) : b; }

    /** Result shape of matmul for operands of rank >= 2. */
    private static Shape matmulShape(Shape a, Shape b) {
        int[] as = a.toArray();
        int[] bs = b.toArray();
        Shape batch = Shape.broadcast(Shape.of(java.util.Arrays.copyOf(as, as.length - 2)),
                Shape.of(java.util.Arrays.copyOf(bs, bs.length - 2)));
        int[] out = java.util.Arrays.copyOf(batch.toArray(), batch.rank() + 2);
        out[batch.rank()] = as[as.length - 2];
        out[batch.rank() + 1] = bs[bs.length - 1];
        return Shape.of(out);
    }
}
