package org.polymorph.optimizers.internal.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * Adam whose four hyper-parameters are the meta-parameters, as learned_optimization's
 * {@code LearnableAdam} (learned_optimizers/base.py): θ = {log_learning_rate, one_minus_beta1,
 * one_minus_beta2, log_epsilon}, scalars, with lr = exp(θ_lr), β1 = 1 − exp(θ_β1), β2 = 1 − exp(θ_β2),
 * ε = exp(θ_ε). The step is optax's Adam (Kingma &amp; Ba 2015, Algorithm 1), written on Vars so that
 * it is differentiable in θ:
 * <pre>
 *   m ← β1 m + (1 − β1) g      v ← β2 v + (1 − β2) g²      t = step + 1
 *   u = −lr · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε),   β^t = exp(t · log β)
 * </pre>
 */
final class LearnableAdam implements LearnedOptimizer {
    static final String NAME = "learnable_adam";
    static final String LR = "log_learning_rate";
    static final String B1 = "one_minus_beta1";
    static final String B2 = "one_minus_beta2";
    static final String EPS = "log_epsilon";

    /** Moments of the inner Adam, pytrees like the params. */
    public record State(Var count, Object mu, Object nu) implements OptState { }

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;

    LearnableAdam(double lr, double beta1, double beta2, double eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override public String architecture() { return NAME; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", lr);
        c.put("initial_beta1", beta1);
        c.put("initial_beta2", beta2);
        c.put("initial_epsilon", eps);
        return c;
    }

    /** The initial values, deterministic (the key is not used): log lr, log(1 − β1), log(1 − β2), log ε. */
    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        Map<String, Var> theta = new LinkedHashMap<>();
        theta.put(LR, ops.scalar(DType.FLOAT64, Math.log(lr)));
        theta.put(B1, ops.scalar(DType.FLOAT64, Math.log1p(-beta1)));
        theta.put(B2, ops.scalar(DType.FLOAT64, Math.log1p(-beta2)));
        theta.put(EPS, ops.scalar(DType.FLOAT64, Math.log(eps)));
        return theta;
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        if (!(theta instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("learnable_adam: θ must be the map of " + List.of(LR, B1, B2, EPS) + ", got " + theta);
        }
        return new Inner(ops, leaf(m, LR), leaf(m, B1), leaf(m, B2), leaf(m, EPS));
    }

    private static Var leaf(Map<?, ?> theta, String name) {
        if (!(theta.get(name) instanceof Var v) || v.size() != 1) {
            throw new IllegalArgumentException("learnable_adam: θ needs the scalar '" + name + "', got " + theta.get(name));
        }
        return v;
    }

    /** The Adam θ defines. */
    private static final class Inner implements Optimizer {
        private final Ops ops;
        private final Var lr;
        private final Var b1;
        private final Var b2;
        private final Var eps;
        private final Var logB1;
        private final Var logB2;

        Inner(Ops ops, Var logLr, Var oneMinusB1, Var oneMinusB2, Var logEps) {
            this.ops = ops;
            this.lr = logLr.exp();
            Var c1 = oneMinusB1.exp();
            Var c2 = oneMinusB2.exp();
            this.b1 = ops.scalarLike(c1, 1).sub(c1);
            this.b2 = ops.scalarLike(c2, 1).sub(c2);
            this.logB1 = b1.log();
            this.logB2 = b2.log();
            this.eps = logEps.exp();
        }

        @Override public Ops ops() { return ops; }

        @Override
        public OptState init(Object params) {
            Object zeros = Trees.map(params, ops, ops::zerosLike);
            return new State(ops.scalar(DType.INT64, 0), zeros, zeros);
        }

        @Override
        public Update update(Object grads, OptState state, Object params) {
            if (!(state instanceof State s)) {
                throw new IllegalArgumentException("learnable_adam: expected a state from its own init, got " + state);
            }
            long t = s.step() + 1;
            Var oneMinusB1 = ops.scalarLike(b1, 1).sub(b1);
            Var oneMinusB2 = ops.scalarLike(b2, 1).sub(b2);
            Var bc1 = ops.scalarLike(b1, 1).sub(logB1.mul((double) t).exp());
            Var bc2 = ops.scalarLike(b2, 1).sub(logB2.mul((double) t).exp());
            Trees.Flat g = Trees.flatten(grads, ops);
            List<Var> m = Trees.flatten(s.mu(), ops).leaves();
            List<Var> v = Trees.flatten(s.nu(), ops).leaves();
            if (m.size() != g.leaves().size()) {
                throw new IllegalArgumentException("learnable_adam: the grads have " + g.leaves().size() + " leaves but the state "
                        + m.size());
            }
            List<Var> mu = new ArrayList<>(m.size());
            List<Var> nu = new ArrayList<>(m.size());
            List<Var> u = new ArrayList<>(m.size());
            for (int i = 0; i < m.size(); i++) {
                Var gi = g.leaves().get(i);
                Var mi = m.get(i).mul(b1).add(gi.mul(oneMinusB1));
                Var vi = v.get(i).mul(b2).add(gi.square().mul(oneMinusB2));
                mu.add(mi);
                nu.add(vi);
                u.add(mi.div(bc1).div(safeSqrt(vi.div(bc2)).add(eps)).mul(lr).neg());
            }
            return new Update(Trees.unflatten(g.def(), u),
                    new State(ops.scalar(DType.INT64, t), Trees.unflatten(g.def(), mu), Trees.unflatten(g.def(), nu)));
        }

        /**
         * sqrt(x) for x >= 0 whose derivative at x = 0 is 0 rather than ∞ (so a parameter with a zero gradient, a dead
         * ReLU unit's, gives a zero meta-gradient rather than 0·∞ = NaN): sqrt of where(x > 0, x, 1), masked.
         */
        private Var safeSqrt(Var x) {
            Var pos = ops.gt(x, ops.zerosLike(x));
            return ops.where(pos, ops.where(pos, x, ops.onesLike(x)).sqrt(), ops.zerosLike(x));
        }

        @Override public String toString() { return "learnable_adam(lr=" + lr.item() + ", b1=" + b1.item() + ", b2=" + b2.item() + ")"; }
    }
}
