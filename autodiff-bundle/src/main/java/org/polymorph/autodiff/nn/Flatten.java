package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/** [batch, d1, d2, ...] → [batch, d1·d2·...], row-major. */
public final class Flatten implements StatelessLayer {
    @Override public Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype) { return Layer.noState(); }

    @Override public Shape outputShape(Shape in) {
        Checks.minRank(in, 1, "Flatten");
        return Shape.of(in.dim(0), (int) (in.size() / Math.max(1, in.dim(0))));
    }

    @Override public Var apply(Object params, Var x, Context ctx) {
        Checks.minRank(x.shape(), 1, "Flatten");
        return x.ops().reshape(x, outputShape(x.shape()).toArray());
    }

    @Override public String toString() { return "Flatten"; }
}
