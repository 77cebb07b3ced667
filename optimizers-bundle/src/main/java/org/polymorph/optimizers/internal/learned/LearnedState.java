package org.polymorph.optimizers.internal.learned;

import java.util.List;
import org.polymorph.autodiff.Var;
import org.polymorph.optimizers.OptState;

/**
 * The state of a per-parameter learned optimizer: the update count, the architecture's name
 * (static data of the pytree) and, per parameter tensor in {@code Trees.flatten} order, its
 * accumulators (a Var or a List of Vars: momenta, second moments, factored statistics).
 */
public record LearnedState(Var count, String architecture, List<Object> accumulators) implements OptState { }
