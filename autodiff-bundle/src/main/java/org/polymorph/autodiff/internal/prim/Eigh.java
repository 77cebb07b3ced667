package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Symmetric eigendecomposition {w ascending [..., n], V [..., n, n]}, reading the lower triangle of
 * A; the rules differentiate exactly that, through dA_s = S(dA) ({@link Lin#sym}). Giles 2008, sec.
 * 3.1: with P = Vᵀ dA_s V, dw = diag(P) and dV = V (F ∘ P), F_ij = 1/(w_j - w_i) off the diagonal;
 * the VJP is Ā = S*(V (diag(w̄) + F ∘ (Vᵀ V̄)) Vᵀ). Degenerate pairs (|w_j - w_i| <= 1e-12 · max|w|)
 * get F = 0: eigenvalue derivatives stay right, eigenvector derivatives within a degenerate
 * eigenspace (which are not defined) are dropped.
 */
public final class Eigh implements Builtin {
    static final double DEGENERATE = 1e-12;

    @Override public String name() { return "eigh"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Decompositions.Eigh e = ts.eigh(a[0]);
        return new Tensor[] {e.values(), e.vectors()};
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[2];
        Var w = y[0];
        Var v = y[1];
        Var p = o.matmul(Lin.mT(o, v), o.matmul(Lin.sym(o, t[0]), v));
        Var dv = o.matmul(v, o.mul(Lin.inverseGaps(o, w, DEGENERATE), p));
        return new Var[] {Lin.diag(o, p), dv};
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null && ct[1] == null) return new Var[1];
        Var w = y[0];
        Var v = y[1];
        Var inner = ct[0] == null ? null : Lin.diagEmbed(o, ct[0]);
        if (ct[1] != null) {
            Var f = o.mul(Lin.inverseGaps(o, w, DEGENERATE), o.matmul(Lin.mT(o, v), ct[1]));
            inner = inner == null ? f : o.add(inner, f);
        }
        Var g = o.matmul(v, o.matmul(inner, Lin.mT(o, v)));
        return Rules.one(Lin.symAdjoint(o, g));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return o.eigh(a[0]); }
}
