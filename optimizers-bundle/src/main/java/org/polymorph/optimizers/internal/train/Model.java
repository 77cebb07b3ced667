package org.polymorph.optimizers.internal.train;

import org.polymorph.autodiff.Var;

/**
 * A model as nn.train uses it: initial parameters (a pytree of Vars) and a pure forward pass
 * {@code apply(params, x) -> outputs [n, outputs]} (logits for classification).
 */
interface Model {
    /** The initial parameters, a pytree whose leaves are Vars. */
    Object init();

    /** Outputs {@code [n, k]} for features {@code x [n, ...]}; differentiable in {@code params}. */
    Var apply(Object params, Var x);

    /** One line, e.g. "mlp 2-64-64-2 relu". */
    String describe();
}
