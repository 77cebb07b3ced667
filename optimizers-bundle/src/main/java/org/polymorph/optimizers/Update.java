package org.polymorph.optimizers;

/**
 * The result of {@link Optimizer#update}: the updates, a pytree like the params that is added to
 * them by {@link Optimizer#applyUpdates}, and the optimizer's new state. A record, hence a pytree.
 */
public record Update(Object updates, OptState state) {
    public Update {
        if (updates == null) throw new IllegalArgumentException("updates must not be null");
        if (state == null) throw new IllegalArgumentException("state must not be null");
    }
}
