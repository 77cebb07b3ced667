package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/** Affine map of the last axis: [..., in] → [..., units], y = x·w + b. */
public final class Dense implements StatelessLayer {
    private final int units;
    private final Initializer kernelInit;
    private final Initializer biasInit;
    private final boolean useBias;

    /** @param w [in, units]; @param b [units], or null without bias */
    public record Params(Var w, Var b) { }

    /** LeCun-normal kernel, zero bias (as Flax). */
    public Dense(int units) { this(units, Initializers.lecunNormal(), Initializers.zeros(), true); }

    public Dense(int units, Initializer kernelInit, Initializer biasInit, boolean useBias) {
        Checks.positive(units, "units", "Dense");
        this.units = units;
        this.kernelInit = kernelInit;
        this.biasInit = biasInit;
        this.useBias = useBias;
    }

    @Override public Params initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.minRank(inputShape, 1, "Dense");
        RandomKey[] k = key.split(2);
        int in = inputShape.dim(-1);
        Var w = ops.constant(kernelInit.apply(ops.tensors(), k[0], dtype, in, units));
        Var b = useBias ? ops.constant(biasInit.apply(ops.tensors(), k[1], dtype, units)) : null;
        return new Params(w, b);
    }

    @Override public Shape outputShape(Shape inputShape) {
        Checks.minRank(inputShape, 1, "Dense");
        return Shape.of(Checks.with(inputShape.toArray(), -1, units));
    }

    @Override public Var apply(Object params, Var x, Context ctx) { return dense(Checks.params(params, Params.class, "Dense"), x); }

    /** x·w + b over the last axis of x [..., in]. */
    public static Var dense(Params p, Var x) {
        int in = p.w().dim(0);
        if (x.rank() < 1 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Dense: input " + x.shape() + " does not end in the kernel's input size " + in);
        }
        Ops o = x.ops();
        Var y = o.matmul(o.reshape(x, -1, in), p.w());          // [n, units]
        if (p.b() != null) y = y.add(p.b());
        return o.reshape(y, Checks.with(x.shape().toArray(), -1, p.w().dim(1)));
    }

    @Override public String toString() { return "Dense(" + units + ")"; }
}
