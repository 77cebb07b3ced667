package org.polymorph.optimizers.internal.bench;

import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * {@code inner} with every update multiplied by {@code scale}: the learning-rate scale that Metz et al. (arXiv
 * 2111.05803 §3.2) vary to move a learned optimizer at a fixed θ from smooth to chaotic inner training. θ, the state
 * and the configuration are {@code inner}'s; differentiable in θ as {@code inner} is.
 */
record ScaledStep(LearnedOptimizer inner, double scale) implements LearnedOptimizer {
    /** {@code lopt} itself for scale 1, else it scaled. */
    static LearnedOptimizer of(LearnedOptimizer lopt, double scale) {
        return scale == 1 ? lopt : new ScaledStep(lopt, scale);
    }

    @Override public String architecture() { return inner.architecture(); }

    @Override public Map<String, Object> config() { return inner.config(); }

    @Override public Object initMetaParams(Ops ops, RandomKey key) { return inner.initMetaParams(ops, key); }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        return new Scaled(inner.optimizer(ops, theta, numSteps), scale);
    }

    /** The optimizer θ defines, its updates scaled; given the loss when the inner one takes it. */
    private record Scaled(Optimizer inner, double scale) implements LossAwareOptimizer {
        @Override public Ops ops() { return inner.ops(); }

        @Override public OptState init(Object params) { return inner.init(params); }

        @Override public Update update(Object grads, OptState state, Object params) { return scaled(inner.update(grads, state, params)); }

        @Override
        public Update update(Object grads, OptState state, Object params, Var loss) {
            return inner instanceof LossAwareOptimizer la ? scaled(la.update(grads, state, params, loss)) : update(grads, state, params);
        }

        @Override public <T> T applyUpdates(T params, Object updates) { return inner.applyUpdates(params, updates); }

        private Update scaled(Update u) { return new Update(Trees.map(u.updates(), ops(), v -> v.mul(scale)), u.state()); }
    }
}
