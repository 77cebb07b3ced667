package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/** Elementwise activations and softmax, in differentiable ops (any floating dtype, any shape). */
public final class Activations {
    private Activations() { }

    /** max(x, 0). At 0 the derivative is 1/2 (maximum splits ties, like the symmetric difference quotient). */
    public static Var relu(Var x) {
        Ops o = x.ops();
        return o.maximum(x, o.scalarLike(x, 0));
    }

    /** Exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)) (Hendrycks &amp; Gimpel 2016). */
    public static Var gelu(Var x) {
        Ops o = x.ops();
        return x.mul(o.erf(x.mul(Math.sqrt(0.5))).add(1.0)).mul(0.5);
    }

    public static Var tanh(Var x) { return x.ops().tanh(x); }

    /** 1/(1 + e^-x). */
    public static Var sigmoid(Var x) { return x.ops().sigmoid(x); }

    public static Var erf(Var x) { return x.ops().erf(x); }

    /**
     * log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) without overflow: x + log1p(e^-x) for
     * x &gt; 0 and log1p(e^x) otherwise. Each branch sees its input clamped to its own side
     * (where, not maximum), so derivatives of every order are exact at 0 and no inf from the
     * unselected branch reaches the gradient.
     */
    public static Var softplus(Var x) {
        Ops o = x.ops();
        Var zero = o.scalarLike(x, 0);
        Var positive = o.gt(x, zero);
        Var xp = o.where(positive, x, zero);
        Var xn = o.where(positive, zero, x);
        Var upper = xp.add(o.log1p(xp.neg().exp()));
        Var lower = o.log1p(xn.exp());
        return o.where(positive, upper, lower);
    }

    /** x·sigmoid(x) (Ramachandran et al. 2017; SiLU, Hendrycks &amp; Gimpel 2016). */
    public static Var swish(Var x) { return x.mul(x.ops().sigmoid(x)); }

    /** log softmax along {@code axis}: x − logsumexp(x), stable for any magnitude. */
    public static Var logSoftmax(Var x, int axis) {
        return x.sub(x.ops().logsumexp(x, true, axis));
    }

    /** softmax along {@code axis}, as exp(logSoftmax). */
    public static Var softmax(Var x, int axis) { return logSoftmax(x, axis).exp(); }
}
