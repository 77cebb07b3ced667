package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Reduced SVD {U [..., m, k], s [..., k] descending, Vᵀ [..., k, n]}, k = min(m, n). Townsend 2016,
 * "Differentiating the singular value decomposition" (as in JAX's svd_jvp_rule): with dS = Uᵀ dA V,
 * F_ij = 1/(s_j² - s_i²) (0 on the diagonal and for equal values),
 * ds = diag(dS), dU = U (F ∘ (dS Σ + Σ dSᵀ)) + (I - UUᵀ) dA V Σ⁻¹,
 * dV = V (F ∘ (Σ dS + dSᵀ Σ)) + (I - VVᵀ) dAᵀ U Σ⁻¹ (the projector terms vanish unless m > k,
 * resp. n > k). The VJP is the adjoint: with J = F ∘ (UᵀŪ), K = F ∘ (VᵀV̄),
 * Ā = U (diag(s̄) + (J + Jᵀ) Σ + Σ (K + Kᵀ)) Vᵀ + (I - UUᵀ) Ū Σ⁻¹ Vᵀ + U Σ⁻¹ V̄ᵀ (I - VVᵀ).
 * Limits: singular values must be distinct and, for non-square A, non-zero; U and V are only
 * defined up to a common sign per singular pair, so differentiate sign-invariant functions of them.
 */
public final class Svd implements Builtin {
    @Override public String name() { return "svd"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Decompositions.SVD d = ts.svd(a[0]);
        return new Tensor[] {d.u(), d.s(), d.vt()};
    }

    /** F_ij = 1/(s_j² - s_i²), zero where the difference is zero. */
    private static Var gaps(Ops o, Var s) { return Lin.inverseGaps(o, o.square(s), 0); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[3];
        Var u = y[0];
        Var s = y[1];
        Var v = Lin.mT(o, y[2]);
        Var da = t[0];
        int m = x[0].dim(-2);
        int n = x[0].dim(-1);
        int k = s.dim(-1);
        Var sRow = o.expandDims(s, -2);                     // [..., 1, k]: scales column j by s_j
        Var sCol = o.expandDims(s, -1);                     // [..., k, 1]: scales row i by s_i
        Var f = gaps(o, s);
        Var ds = o.matmul(Lin.mT(o, u), o.matmul(da, v));
        Var dss = o.mul(ds, sRow);
        Var sds = o.mul(sCol, ds);
        Var du = o.matmul(u, o.mul(f, o.add(dss, Lin.mT(o, dss))));
        Var dv = o.matmul(v, o.mul(f, o.add(sds, Lin.mT(o, sds))));
        if (m > k) du = o.add(du, o.div(o.sub(o.matmul(da, v), o.matmul(u, ds)), sRow));
        if (n > k) dv = o.add(dv, o.div(o.sub(o.matmul(Lin.mT(o, da), u), o.matmul(v, Lin.mT(o, ds))), sRow));
        return new Var[] {du, Lin.diag(o, ds), Lin.mT(o, dv)};
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null && ct[1] == null && ct[2] == null) return new Var[1];
        Var u = y[0];
        Var s = y[1];
        Var vt = y[2];
        Var v = Lin.mT(o, vt);
        int m = x[0].dim(-2);
        int n = x[0].dim(-1);
        int k = s.dim(-1);
        Var sRow = o.expandDims(s, -2);
        Var sCol = o.expandDims(s, -1);
        Var f = gaps(o, s);
        Var d = ct[1] == null ? null : Lin.diagEmbed(o, ct[1]);
        Var ut = Lin.mT(o, u);
        Var extra = null;
        if (ct[0] != null) {
            Var utub = o.matmul(ut, ct[0]);
            Var j = o.mul(f, utub);
            d = Rules.sum(o, d, o.mul(o.add(j, Lin.mT(o, j)), sRow));
            if (m > k) extra = o.matmul(o.div(o.sub(ct[0], o.matmul(u, utub)), sRow), vt);
        }
        if (ct[2] != null) {
            Var vb = Lin.mT(o, ct[2]);
            Var vtvb = o.matmul(vt, vb);
            Var kk = o.mul(f, vtvb);
            d = Rules.sum(o, d, o.mul(sCol, o.add(kk, Lin.mT(o, kk))));
            if (n > k) extra = Rules.sum(o, extra, o.matmul(u, Lin.mT(o, o.div(o.sub(vb, o.matmul(v, vtvb)), sRow))));
        }
        Var g = d == null ? null : o.matmul(u, o.matmul(d, vt));
        return Rules.one(Rules.sum(o, g, extra));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return o.svd(a[0]); }
}
