package org.polymorph.optimizers;

import java.util.ArrayList;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;

/**
 * A gradient transformation as in optax ({@code GradientTransformation}): {@code init} then any
 * number of {@code update}s, each a pure function of its arguments. Params, grads and updates are
 * pytrees of one structure with Var or Tensor leaves (see {@link org.polymorph.autodiff.Trees});
 * all arithmetic is done with {@link #ops()}, so it is differentiable. Implementations are
 * immutable and may be shared between threads.
 */
@ConsumerType
public interface Optimizer {
    /** The ops the arithmetic is done with. */
    Ops ops();

    /**
     * The initial state for {@code params}: step count 0 and, where the algorithm has them, zero
     * moments shaped like the params.
     */
    OptState init(Object params);

    /**
     * One step: the updates for {@code grads} (to be added to the params) and the next state.
     * {@code state} is not modified.
     *
     * @param grads  the gradient of the loss, a pytree like the params
     * @param state  the state from {@link #init} or the previous update
     * @param params the current params; needed by optimizers that use them (AdamW), may be null otherwise
     * @throws IllegalArgumentException if the state is not this optimizer's, or the trees do not match
     */
    Update update(Object grads, OptState state, Object params);

    /**
     * {@code params + updates}, leaf by leaf (optax.apply_updates). The result has the structure of
     * {@code params}: Var leaves (Tensors stay Tensors only in record components or arrays typed Tensor).
     *
     * @throws IllegalArgumentException if the trees have different numbers of leaves
     */
    @SuppressWarnings("unchecked")
    default <T> T applyUpdates(T params, Object updates) {
        Trees.Flat p = Trees.flatten(params, ops());
        Trees.Flat u = Trees.flatten(updates, ops());
        if (p.leaves().size() != u.leaves().size()) {
            throw new IllegalArgumentException("applyUpdates: params have " + p.leaves().size()
                    + " leaves but updates have " + u.leaves().size());
        }
        List<Var> out = new ArrayList<>(p.leaves().size());
        for (int i = 0; i < p.leaves().size(); i++) out.add(ops().add(p.leaves().get(i), u.leaves().get(i)));
        return (T) Trees.unflatten(p.def(), out);
    }
}
