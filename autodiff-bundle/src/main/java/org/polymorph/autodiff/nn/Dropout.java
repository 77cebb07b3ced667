package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each element is kept with probability
 * 1 − rate and scaled by 1/(1 − rate), so evaluation is the identity. The mask comes from
 * {@link Context#key()}; under vmap one mask is shared by the examples.
 */
public final class Dropout implements StatelessLayer {
    private final double rate;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        this.rate = rate;
    }

    @Override public Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) { return Layer.noState(); }

    @Override public Shape outputShape(Shape inputShape) { return inputShape; }

    @Override public Var apply(Object params, Var x, Context ctx) {
        if (!ctx.training() || rate == 0) return x;
        Ops o = x.ops();
        TensorService ts = o.tensors();
        Tensor u = ts.uniform(ctx.requireKey("Dropout"), DType.FLOAT64, 0, 1, x.shape().toArray());
        Var keep = o.constant(ts.binary(BinaryOp.GE, u, ts.scalar(DType.FLOAT64, rate)));
        return o.where(keep, x.div(1 - rate), o.scalarLike(x, 0));
    }

    @Override public String toString() { return "Dropout(" + rate + ")"; }
}
