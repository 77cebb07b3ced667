package org.polymorph.optimizers.internal.learned;

import java.util.List;
import org.polymorph.autodiff.Var;
import org.polymorph.optimizers.OptState;

/**
 * The state of {@link HyperV2Optimizer}, a pytree; per-parameter lists are in the order of the params'
 * leaves, each leaf flattened to n values.
 *
 * @param count      updates made so far (INT64 scalar)
 * @param momentum   per leaf, the momenta [n, M] ({@link HyperV2Accumulators})
 * @param rms        per leaf, the gradient's second-moment average [n]
 * @param lstmHidden the per-tensor LSTM's hidden state h [T, H], carried from step to step
 * @param lstmCell   its cell state c [T, H]
 * @param lossMeans  the loss averages [10] ({@link HyperV2LossFeatures})
 * @param lossMin    their running minima [10]
 * @param lossCount  losses seen (INT64 scalar); the three-argument update sees none
 */
public record HyperV2State(Var count, List<Var> momentum, List<Var> rms, Var lstmHidden, Var lstmCell, Var lossMeans,
                           Var lossMin, Var lossCount) implements OptState {
    public HyperV2State {
        momentum = List.copyOf(momentum);
        rms = List.copyOf(rms);
    }
}
