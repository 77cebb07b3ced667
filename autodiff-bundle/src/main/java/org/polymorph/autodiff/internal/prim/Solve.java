package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * x = solve(a, b) over the last two axes with broadcast batch axes; b is a stack of vectors when
 * its rank is 1 or a.rank - 1. Rules on the matrix form x_m (vectors get a trailing axis), from
 * Giles 2008, "Extended collection of matrix derivative results", sec. 2.3.1:
 * dx = solve(a, db - da x); b̄ = solve(aᵀ, x̄); ā = -b̄ xᵀ; each summed over broadcast axes.
 * Right-hand sides the rules build have rank >= a.rank, so they are always read as matrices.
 */
public final class Solve implements Builtin {
    private final boolean vector;

    public Solve(boolean vector) { this.vector = vector; }

    public static boolean isVector(int aRank, int bRank) { return bRank == 1 || bRank == aRank - 1; }

    @Override public String name() { return "solve"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.solve(a[0], a[1])); }

    private Var col(Ops o, Var v) { return vector ? o.expandDims(v, -1) : v; }

    private Var uncol(Ops o, Var v) { return vector ? o.squeeze(v, -1) : v; }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null && t[1] == null) return new Var[1];
        Var xm = col(o, y[0]);
        Var rhs = t[1] == null ? null : o.broadcastTo(col(o, t[1]), xm.shape().toArray());
        if (t[0] != null) {
            Var dax = o.matmul(t[0], xm);
            rhs = rhs == null ? o.neg(dax) : o.sub(rhs, dax);
        }
        if (!rhs.shape().equals(xm.shape())) rhs = o.broadcastTo(rhs, xm.shape().toArray());
        return Rules.one(uncol(o, o.solve(x[0], rhs)));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[2];
        Var xm = col(o, y[0]);
        Var g = o.solve(Lin.mT(o, x[0]), col(o, ct[0]));                       // shape of x_m
        Var ga = Rules.unbroadcast(o, o.neg(o.matmul(g, Lin.mT(o, xm))), x[0].shape());
        Shape bm = vector ? Shape.of(Rules.append(x[1].shape().toArray(), 1)) : x[1].shape();
        Var gb = o.reshape(Rules.unbroadcast(o, g, bm), x[1].shape().toArray());
        return new Var[] {ga, gb};
    }

    /** Both in matrix form with the batch axis in front; an unbatched b gets leading length-1 axes. */
    @Override public Var[] batch(Ops o, Var[] v, boolean[] batched) {
        int ar = v[0].rank() - (batched[0] ? 1 : 0);
        Var bm = vector ? o.expandDims(v[1], -1) : v[1];
        int r = Math.max(ar, bm.rank() - (batched[1] ? 1 : 0));
        Var a = batched[0] ? Rules.padBatched(o, v[0], r + 1) : v[0];
        Var b;
        if (batched[1]) {
            b = Rules.padBatched(o, bm, r + 1);
        } else {
            int[] s = new int[r + 1];
            java.util.Arrays.fill(s, 1);
            System.arraycopy(bm.shape().toArray(), 0, s, r + 1 - bm.rank(), bm.rank());
            b = o.reshape(bm, s);
        }
        Var xm = o.solve(a, b);
        return Rules.one(vector ? o.squeeze(xm, -1) : xm);
    }
}
