package org.polymorph.autodiff.nn;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/** A {@link Layer} without state: implement parameter creation, shape inference and a plain apply. */
@ConsumerType
public interface StatelessLayer extends Layer {
    /** The parameter pytree for inputs of {@code inputShape} ({@link Layer#noState()} when none). */
    Object initParams(Ops ops, RandomKey key, Shape inputShape, DType dtype);

    /** Output shape for {@code inputShape}; throws IllegalArgumentException naming the layer and the shape. */
    Shape outputShape(Shape inputShape);

    /** The output for input x. */
    Var apply(Object params, Var x, Context ctx);

    @Override default Init init(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        return new Init(initParams(ops, key, inputShape, dtype), Layer.noState(), outputShape(inputShape));
    }

    @Override default Output apply(Object params, Object state, Var x, Context ctx) {
        return new Output(apply(params, x, ctx), state);
    }
}
