package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Decompositions;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.fft.irfft of re + i·im [..., m] with output length n: the spectrum is cut or zero-padded to
 * h = n/2 + 1 bins and y_t = (1/n) Σ_k w_k (re_k cos(2πkt/n) - [k interior] im_k sin(2πkt/n)), with
 * w_k = 1 at the self-conjugate bins (k = 0 and, for even n, k = n/2) and 2 elsewhere. Linear. The
 * adjoint: with Y = rfft(ȳ), r̄_k = (w_k/n) Re Y_k and ī_k = [k interior] (2/n) Im Y_k, then cut
 * or zero-padded back to m bins.
 */
public final class Irfft implements Builtin {
    private final int n;

    public Irfft(int n) { this.n = n; }

    @Override public String name() { return "irfft"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        return Rules.one(ts.irfft(new Decompositions.Complex(a[0], a[1]), n));
    }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        if (t[0] == null && t[1] == null) return new Var[1];
        return Rules.one(o.irfft(Rules.orZeros(o, t[0], x[0]), Rules.orZeros(o, t[1], x[1]), n));
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[2];
        Var[] spec = o.rfft(ct[0]);
        Var re = o.mul(spec[0], Rfft.weights(o, spec[0], n, 1.0 / n, 2.0 / n));
        Var im = o.mul(spec[1], Rfft.weights(o, spec[1], n, 0, 2.0 / n));
        int m = x[0].dim(-1);
        return new Var[] {fit(o, re, m), fit(o, im, m)};
    }

    /** The last axis cut or zero-padded to m. */
    private static Var fit(Ops o, Var v, int m) {
        int h = v.dim(-1);
        if (h == m) return v;
        if (h > m) return Lin.cols(o, v, 0, m);
        int[][] w = new int[v.rank()][2];
        w[v.rank() - 1][1] = m - h;
        return o.pad(v, w, 0);
    }

    /** An unbatched part is broadcast to the batched one (both parts need one shape). */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        int b = Rules.batchSize(a, batched);
        Var re = batched[0] ? a[0] : o.broadcastTo(o.expandDims(a[0], 0), Rules.prepend(b, a[0].shape().toArray()));
        Var im = batched[1] ? a[1] : o.broadcastTo(o.expandDims(a[1], 0), Rules.prepend(b, a[1].shape().toArray()));
        return Rules.one(o.irfft(re, im, n));
    }
}
