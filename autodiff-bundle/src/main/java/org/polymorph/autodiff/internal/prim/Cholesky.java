package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Cholesky factor L (A = L Lᵀ) over the last two axes, reading the lower triangle of A; the rules
 * differentiate exactly that, through S(dA) = tril(dA) + triu(dAᵀ, 1) ({@link Lin#sym}).
 * Murray 2016, "Differentiation of the Cholesky decomposition"; Seeger et al. 2017, "Auto-differentiating
 * linear algebra": dL = L Φ(L⁻¹ S(dA) L⁻ᵀ), Φ = lower triangle with the diagonal halved; the VJP is
 * its adjoint, Ā = S*(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹). Triangular solves use the general solve on L.
 */
public final class Cholesky implements Builtin {
    @Override public String name() { return "cholesky"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.cholesky(a[0])); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[1];
        Var l = y[0];
        Var s = Lin.sym(o, t[0]);
        Var inner = o.solve(l, Lin.mT(o, o.solve(l, s)));                        // L⁻¹ S L⁻ᵀ
        return Rules.one(o.matmul(l, o.mul(inner, Lin.phi(o, l.dtype(), l.dim(-1)))));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        Var l = y[0];
        Var lt = Lin.mT(o, l);
        Var p = o.mul(o.matmul(lt, ct[0]), Lin.phi(o, l.dtype(), l.dim(-1)));   // Φ(Lᵀ L̄)
        Var r = o.solve(lt, p);                                                    // L⁻ᵀ P
        Var q = Lin.mT(o, o.solve(lt, Lin.mT(o, r)));                              // L⁻ᵀ P L⁻¹
        return Rules.one(Lin.symAdjoint(o, q));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return Rules.one(o.cholesky(a[0])); }
}
