package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Batch normalisation over the last (feature) axis (Ioffe &amp; Szegedy 2015). For x [..., c]:
 * training uses the batch statistics μ, σ² over all other axes (σ² biased, 1/N) and returns updated
 * running statistics; evaluation uses the running statistics. y = γ·(x − μ)/√(σ² + ε) + β.
 *
 * <p>Running statistics (as Flax and Keras): mean ← m·mean + (1 − m)·μ and
 * var ← m·var + (1 − m)·σ², with momentum m (default 0.99). They are state, not parameters: the
 * new values carry no derivative.
 */
public final class BatchNorm implements Layer {
    private final double momentum;
    private final double epsilon;

    /** @param scale γ [c]; @param offset β [c] */
    public record Affine(Var scale, Var offset) { }

    /** @param mean running mean [c]; @param var running variance [c] */
    public record Stats(Var mean, Var var) { }

    /** Momentum 0.99, ε = 1e-5. */
    public BatchNorm() { this(0.99, 1e-5); }

    public BatchNorm(double momentum, double epsilon) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1), got " + momentum);
        if (!(epsilon > 0)) throw new IllegalArgumentException("BatchNorm: epsilon must be > 0, got " + epsilon);
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override public Init init(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.minRank(inputShape, 2, "BatchNorm");
        return new Init(initAffine(ops, inputShape.dim(-1), dtype), initStats(ops, inputShape.dim(-1), dtype), inputShape);
    }

    static Affine initAffine(Ops ops, int c, DType dtype) {
        return new Affine(ops.constant(ops.tensors().ones(dtype, c)), ops.constant(ops.tensors().zeros(dtype, c)));
    }

    static Stats initStats(Ops ops, int c, DType dtype) {
        return new Stats(ops.constant(ops.tensors().zeros(dtype, c)), ops.constant(ops.tensors().ones(dtype, c)));
    }

    @Override public Output apply(Object params, Object state, Var x, Context ctx) {
        Affine a = Checks.params(params, Affine.class, "BatchNorm");
        if (!(state instanceof Stats s)) {
            throw new IllegalArgumentException("BatchNorm: state must be BatchNorm.Stats, got "
                    + (state == null ? "null" : state.getClass().getName()) + "; pass the state init or the last apply returned");
        }
        return normalize(a, s, x, ctx.training());
    }

    /** The normalised x [..., c] and the statistics after this call (unchanged in evaluation). */
    Output normalize(Affine a, Stats s, Var x, boolean training) {
        Checks.minRank(x.shape(), 2, "BatchNorm");
        if (x.dim(-1) != a.scale().dim(0)) {
            throw new IllegalArgumentException("BatchNorm: input " + x.shape() + " has " + x.dim(-1) + " features, params have " + a.scale().dim(0));
        }
        Ops o = x.ops();
        int[] axes = new int[x.rank() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i;
        Var mean;
        Var var;
        Stats next = s;
        if (training) {
            mean = x.mean(axes);                          // [c]
            var = x.sub(mean).square().mean(axes);        // [c], biased
            Var m = o.scalarLike(mean, momentum);
            Var m1 = o.scalarLike(mean, 1 - momentum);
            next = new Stats(o.stopGradient(s.mean().mul(m).add(o.stopGradient(mean).mul(m1))),
                    o.stopGradient(s.var().mul(m).add(o.stopGradient(var).mul(m1))));
        } else {
            mean = s.mean();
            var = s.var();
        }
        Var y = x.sub(mean).mul(o.rsqrt(var.add(epsilon))).mul(a.scale()).add(a.offset());
        return new Output(y, next);
    }

    @Override public String toString() { return "BatchNorm(momentum " + momentum + ", eps " + epsilon + ")"; }
}
