package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.fft.rfft along the last axis: x [..., n] -> {re, im} [..., n/2 + 1], with
 * re_k = Σ_t x_t cos(2πkt/n), im_k = -Σ_t x_t sin(2πkt/n). Linear. The adjoint
 * x̄_t = Σ_k (r̄_k cos(2πkt/n) - ī_k sin(2πkt/n)) equals n · irfft(c ∘ r̄, c ∘ ī, n), where c_k = 1 for
 * the self-conjugate bins (k = 0 and, for even n, k = n/2) and 1/2 for the interior bins, which
 * irfft counts twice.
 */
public final class Rfft implements Builtin {
    @Override public String name() { return "rfft"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Decompositions.Complex c = ts.rfft(a[0]);
        return new Tensor[] {c.re(), c.im()};
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return t[0] == null ? new Var[2] : o.rfft(t[0]); }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null && ct[1] == null) return new Var[1];
        int n = x[0].dim(-1);
        Var re = Rules.orZeros(o, ct[0], y[0]);
        Var im = Rules.orZeros(o, ct[1], y[1]);
        Var c = weights(o, y[0], n, 1, 0.5);
        Var g = o.irfft(o.mul(re, c), o.mul(im, c), n);
        return Rules.one(o.mul(g, o.scalarLike(g, n)));
    }

    /** [m] constant (m = like's last axis): {@code self} at the self-conjugate bins of a length-n signal, {@code interior} elsewhere. */
    static Var weights(Ops o, Var like, int n, double self, double interior) {
        int m = like.dim(-1);
        double[] w = new double[m];
        for (int k = 0; k < m; k++) w[k] = k == 0 || 2 * k == n ? self : interior;
        return o.constant(o.tensors().cast(o.tensors().fromArray(w, m), like.dtype()));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) { return o.rfft(a[0]); }
}
