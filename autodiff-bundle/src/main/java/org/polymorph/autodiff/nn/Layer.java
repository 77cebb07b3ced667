package org.polymorph.autodiff.nn;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * A layer as an init/apply pair (neural-tangents stax, Flax {@code init}/{@code apply}). A layer
 * object holds only its configuration; parameters and state are pytrees ({@link
 * org.polymorph.autodiff.Trees}) owned by the caller.
 *
 * <p>Call order: {@code init} once, then {@code apply} any number of times, threading the state it
 * returns into the next call. Parameters are what {@link org.polymorph.autodiff.AD#grad} is taken
 * with respect to; state (e.g. BatchNorm running statistics) is never differentiated and is
 * updated only through the value {@code apply} returns.
 */
@ConsumerType
public interface Layer {
    /**
     * Parameters and initial state for inputs of {@code inputShape} (leading batch axis included;
     * its length is carried through to the output shape and may be any value, e.g. 1).
     *
     * @param dtype floating dtype of the parameters and state
     * @throws IllegalArgumentException if the input shape does not suit the layer
     */
    Init init(Ops ops, RandomKey key, Shape inputShape, DType dtype);

    /** The layer's output for input x, and the state to pass to the next call. */
    Output apply(Object params, Object state, Var x, Context ctx);

    /** The state of a layer without state: an empty map (a pytree with no leaves). */
    static Map<String, Object> noState() { return Map.of(); }

    /** {@code params} and {@code state} pytrees and the output shape. */
    record Init(Object params, Object state, Shape outputShape) { }

    /** Output {@code y} and the state after this call (the input state for stateless layers). */
    record Output(Var y, Object state) { }
}
