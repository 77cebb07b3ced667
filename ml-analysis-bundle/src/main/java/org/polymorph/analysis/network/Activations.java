package org.polymorph.analysis.network;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The pointwise nonlinearities of {@code layers=}, as neural-tangents {@code stax/elementwise.py} defines them,
 * written in differentiable ops.
 */
final class Activations {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private Activations() { }

    static Var apply(Ops o, LayerSpec l, Var x) {
        return switch (l.kind()) {
            case RELU -> o.maximum(x, o.scalarLike(x, 0));
            case ERF -> o.erf(x);                                 // stax.Erf(a=1, b=1, c=0)
            case TANH -> o.tanh(x);
            case SIGMOID -> o.sigmoid(x);                         // logistic; stax only has Sigmoid_like (an erf fit)
            case ABS -> o.abs(x);
            // stax.Gelu(approximate=False), the default: x·Φ(x) = ½·x·(1 + erf(x/√2)) (Hendrycks & Gimpel 2016)
            case GELU -> o.mul(o.mul(x, o.scalarLike(x, 0.5)), o.add(o.onesLike(x), o.erf(o.mul(x, o.scalarLike(x, INV_SQRT2)))));
            // stax.LeakyRelu(alpha): alpha·min(x, 0) + max(x, 0)
            case LEAKY_RELU -> o.add(o.maximum(x, o.scalarLike(x, 0)),
                    o.mul(o.minimum(x, o.scalarLike(x, 0)), o.scalarLike(x, l.doubleArg("slope"))));
            default -> throw new IllegalArgumentException("layer " + l.text() + " is not a pointwise nonlinearity");
        };
    }
}
