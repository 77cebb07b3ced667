package org.polymorph.optimizers;

import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Var;

/**
 * The state of an {@link Optimizer} between updates. Implementations are immutable public records
 * whose components are Vars, Tensors or pytrees of them (moments shaped like the params), so that a
 * state is itself a pytree: it can be flattened, checkpointed, restored and differentiated through.
 */
@ConsumerType
public interface OptState {
    /** Number of updates made so far: an INT64 scalar constant (no derivative); 0 after init. */
    Var count();

    /** {@link #count()} as a long: the step at which the next update reads its schedule. */
    default long step() { return (long) count().item(); }
}
