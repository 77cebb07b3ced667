package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Layer normalisation over the last axis (Ba et al. 2016): for x [..., d],
 * y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² (biased) of each [d] row. No state; identical in
 * training and evaluation.
 */
public final class LayerNorm implements StatelessLayer {
    private final double epsilon;

    /** @param scale γ [d]; @param offset β [d] */
    public record Params(Var scale, Var offset) { }

    /** ε = 1e-6 (as Flax). */
    public LayerNorm() { this(1e-6); }

    public LayerNorm(double epsilon) {
        if (!(epsilon > 0)) throw new IllegalArgumentException("LayerNorm: epsilon must be > 0, got " + epsilon);
        this.epsilon = epsilon;
    }

    @Override public Params initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.minRank(inputShape, 1, "LayerNorm");
        int d = inputShape.dim(-1);
        return new Params(ops.constant(ops.tensors().ones(dtype, d)), ops.constant(ops.tensors().zeros(dtype, d)));
    }

    @Override public Shape outputShape(Shape inputShape) { return inputShape; }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Params p = Checks.params(params, Params.class, "LayerNorm");
        Ops o = x.ops();
        Var mean = o.reduce(org.polymorph.core.tensor.ReduceOp.MEAN, x, true, -1);
        Var centred = x.sub(mean);
        Var var = o.reduce(org.polymorph.core.tensor.ReduceOp.MEAN, centred.square(), true, -1);
        return centred.mul(o.rsqrt(var.add(epsilon))).mul(p.scale()).add(p.offset());
    }

    @Override public String toString() { return "LayerNorm(eps " + epsilon + ")"; }
}
