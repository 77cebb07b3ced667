package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.UnaryOp;

/** Matrix helpers for the linear-algebra rules, in Ops over the last two axes; masks are constants. */
final class Lin {
    private Lin() { }

    /** Swaps the last two axes. */
    static Var mT(Ops o, Var x) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return o.transpose(x, perm);
    }

    /** [n, n] constant with entries f(i, j). */
    private static Var mask(Ops o, DType dt, int n, java.util.function.IntBinaryOperator f) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i * n + j] = f.applyAsInt(i, j);
        return o.constant(o.tensors().cast(o.tensors().fromArray(d, n, n), dt));
    }

    static Var eye(Ops o, DType dt, int n) { return o.constant(o.tensors().eye(dt, n)); }

    /** 1 on and below the diagonal. */
    static Var lower(Ops o, DType dt, int n) { return mask(o, dt, n, (i, j) -> i >= j ? 1 : 0); }

    static Var strictLower(Ops o, DType dt, int n) { return mask(o, dt, n, (i, j) -> i > j ? 1 : 0); }

    static Var strictUpper(Ops o, DType dt, int n) { return mask(o, dt, n, (i, j) -> i < j ? 1 : 0); }

    /** Φ of the Cholesky rule: 1 below the diagonal, 1/2 on it. */
    static Var phi(Ops o, DType dt, int n) {
        Var m = mask(o, dt, n, (i, j) -> i > j ? 2 : i == j ? 1 : 0);
        return o.mul(m, o.scalar(dt, 0.5));
    }

    /** [..., n, n] -> [..., n]. */
    static Var diag(Ops o, Var x) { return o.sum(o.mul(x, eye(o, x.dtype(), x.dim(-1))), -1); }

    /** [..., n] -> [..., n, n] with v on the diagonal. */
    static Var diagEmbed(Ops o, Var v) { return o.mul(o.expandDims(v, -2), eye(o, v.dtype(), v.dim(-1))); }

    /**
     * The symmetric matrix a routine reading only the lower triangle sees: S(d) = tril(d) + triu(dᵀ, 1).
     * Its adjoint is {@link #symAdjoint}.
     */
    static Var sym(Ops o, Var d) {
        int n = d.dim(-1);
        return o.add(o.mul(d, lower(o, d.dtype(), n)), o.mul(mT(o, d), strictUpper(o, d.dtype(), n)));
    }

    /** S*(g) = tril(g) + tril(gᵀ, -1). */
    static Var symAdjoint(Ops o, Var g) {
        int n = g.dim(-1);
        return o.add(o.mul(g, lower(o, g.dtype(), n)), o.mul(mT(o, g), strictLower(o, g.dtype(), n)));
    }

    /**
     * F[i, j] = 1 / (w_j - w_i) off the diagonal, 0 on it and where |w_j - w_i| <= tol · max|w|
     * (degenerate pairs). A double where keeps 1/0 out of every derivative.
     */
    static Var inverseGaps(Ops o, Var w, double tol) {
        Var diff = o.sub(o.expandDims(w, -2), o.expandDims(w, -1));
        Var scale = o.stopGradient(o.reduce(ReduceOp.MAX, o.abs(w), true, -1));
        Var ok = o.binary(BinaryOp.GT, o.abs(diff), o.mul(o.expandDims(scale, -1), o.scalarLike(w, tol)));
        Var safe = o.where(ok, diff, o.onesLike(diff));
        return o.where(ok, o.unary(UnaryOp.RECIPROCAL, safe), o.zerosLike(diff));
    }

    /** The last axis of x restricted to [from, to). */
    static Var cols(Ops o, Var x, int from, int to) {
        return o.sliceAxis(x, -1, from, to);
    }
}
