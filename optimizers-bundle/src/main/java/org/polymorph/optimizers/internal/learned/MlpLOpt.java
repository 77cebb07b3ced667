package org.polymorph.optimizers.internal.learned;

import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * MLPLOpt ("LOLv2"; learned_optimization {@code learned_optimizers/mlp_lopt.py}; Metz et al. 2019,
 * arXiv 1810.10180). Per parameter 19 features: the gradient, the parameter and 6 momenta with
 * decays {@link #DECAYS} ({@code m ← d·m + (1 − d)·g}, updated before use), these 8 normalised per
 * tensor by {@code x·rsqrt(1e-5 + mean(x²))}, then the 11 step features tanh(t/τ − 1). An MLP
 * {@code 19 → hidden_size × hidden_layers → 2} with ReLU gives (a, b) and
 * {@code p ← p − a·exp(exp_mult·b)·step_mult}. Weights truncated normal with stddev 1/√fan_in as
 * haiku's {@code hk.Linear} default, biases 0.
 */
record MlpLOpt(MlpHyper hyper) implements LearnedOptimizer {
    static final String NAME = "mlp_lopt";
    static final double[] DECAYS = {0.1, 0.5, 0.9, 0.99, 0.999, 0.9999};
    /** g, p and the momenta: the normalised features. */
    static final int NORMALISED = 2 + DECAYS.length;
    /** All inputs of the MLP: 19. */
    static final int FEATURES = NORMALISED + LoptFeatures.TIMESCALES.length;

    @Override public String architecture() { return NAME; }

    @Override public Map<String, Object> config() { return hyper.config(); }

    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        return hyper.mlp(FEATURES).init(ops, key, HaikuInit.TRUNCATED_FAN_IN);
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        return new Opt(ops, LoptFeatures.theta(NAME, theta, hyper.mlp(FEATURES).shapes(), ops));
    }

    /** The optimizer one θ defines; accumulators: the momenta, [size, 6]. */
    private final class Opt extends PerTensorOptimizer {
        Opt(Ops ops, Map<String, Var> theta) { super(ops, NAME, theta, hyper.mlp(FEATURES), hyper.stepMult(), hyper.expMult(), true,
                new FusedPerParameterUpdate.Momenta(DECAYS, false)); }

        @Override
        protected Object initLeaf(Var param) {
            return ops().constant(ops().tensors().zeros(param.dtype(), (int) param.size(), DECAYS.length));
        }

        @Override
        protected Features features(Var p, Var g, Object acc, Map<String, Var> theta) {
            Ops o = ops();
            int n = (int) p.size();
            Var gc = g.reshape(n, 1);
            Var d = LoptFeatures.row(o, DECAYS, g.dtype());
            Var m = LoptFeatures.asDtype((Var) acc, g.dtype()).mul(d).add(gc.mul(d.neg().add(1.0)));
            return new Features(LoptFeatures.normalize(o.concat(1, gc, p.reshape(n, 1), m)), m);
        }
    }
}
