package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Reduced QR {Q [..., m, k], R [..., k, n]}, k = min(m, n), over the last two axes. Needs R's
 * leading k x k block non-singular (A of full rank k).
 *
 * <p>m >= n (Walter and Lehmann 2018; JAX's qr_jvp_rule): C = dA R⁻¹, Ω = tril(QᵀC, -1) -
 * tril(QᵀC, -1)ᵀ, dQ = Q (Ω - QᵀC) + C, dR = (QᵀC - Ω) R. The VJP is its adjoint:
 * N = QᵀQ̄ - R̄Rᵀ, Ā = (Q̄ + Q (tril(N - Nᵀ, -1) - N)) R⁻ᵀ (equal to Liao et al. 2019's
 * [Q̄ + Q copyltu(M)] R⁻ᵀ). m < n: A = [X | Y] with X square, R = [R_X | QᵀY]; X follows the
 * square rule and dR_Y = dQᵀY + QᵀdY (as in PyTorch's linalg_qr_backward).
 */
public final class Qr implements Builtin {
    @Override public String name() { return "qr"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Decompositions.QR d = ts.qr(a[0]);
        return new Tensor[] {d.q(), d.r()};
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null) return new Var[2];
        Var q = y[0];
        int m = x[0].dim(-2);
        int n = x[0].dim(-1);
        if (m >= n) return tall(o, q, y[1], t[0]);
        Var[] d = tall(o, q, Lin.cols(o, y[1], 0, m), Lin.cols(o, t[0], 0, m));
        Var yx = Lin.cols(o, x[0], m, n);
        Var dry = o.add(o.matmul(Lin.mT(o, d[0]), yx), o.matmul(Lin.mT(o, q), Lin.cols(o, t[0], m, n)));
        return new Var[] {d[0], o.concat(-1, d[1], dry)};
    }

    /** {dQ, dR} for square or tall A with R square. */
    private static Var[] tall(Ops o, Var q, Var r, Var da) {
        Var c = Lin.mT(o, o.solve(Lin.mT(o, r), Lin.mT(o, da)));                   // dA R⁻¹
        Var qtc = o.matmul(Lin.mT(o, q), c);
        Var low = o.mul(qtc, Lin.strictLower(o, qtc.dtype(), qtc.dim(-1)));
        Var omega = o.sub(low, Lin.mT(o, low));
        Var dq = o.add(o.matmul(q, o.sub(omega, qtc)), c);
        Var dr = o.matmul(o.sub(qtc, omega), r);
        return new Var[] {dq, dr};
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null && ct[1] == null) return new Var[1];
        Var q = y[0];
        Var r = y[1];
        Var qb = Rules.orZeros(o, ct[0], q);
        Var rb = Rules.orZeros(o, ct[1], r);
        int m = x[0].dim(-2);
        int n = x[0].dim(-1);
        if (m >= n) return Rules.one(tallAdjoint(o, q, r, qb, rb));
        Var rby = Lin.cols(o, rb, m, n);
        Var qb2 = o.add(qb, o.matmul(Lin.cols(o, x[0], m, n), Lin.mT(o, rby)));
        Var gx = tallAdjoint(o, q, Lin.cols(o, r, 0, m), qb2, Lin.cols(o, rb, 0, m));
        return Rules.one(o.concat(-1, gx, o.matmul(q, rby)));
    }

    private static Var tallAdjoint(Ops o, Var q, Var r, Var qb, Var rb) {
        Var nn = o.sub(o.matmul(Lin.mT(o, q), qb), o.matmul(rb, Lin.mT(o, r)));
        Var sl = Lin.strictLower(o, nn.dtype(), nn.dim(-1));
        Var yv = o.sub(o.mul(o.sub(nn, Lin.mT(o, nn)), sl), nn);
        Var b = o.add(qb, o.matmul(q, yv));
        return Lin.mT(o, o.solve(r, Lin.mT(o, b)));                                // b R⁻ᵀ
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return o.qr(a[0]); }
}
