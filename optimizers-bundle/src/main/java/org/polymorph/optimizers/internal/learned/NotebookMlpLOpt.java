package org.polymorph.optimizers.internal.learned;

import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Initializers;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * The LOpt of learned_optimization's no-dependency notebook
 * ({@code docs/notebooks/no_dependency_learned_optimizer}): per parameter, the features
 * {@code [p, m, g]} (un-normalised) with the momentum {@code m ← decay·m + (1 − decay)·g} updated
 * first, one hidden layer of {@code hidden_size} ReLU units and 2 outputs (a, b);
 * {@code p ← p − a · step_mult · exp(exp_mult · b)}, the notebook's code using 0.01 for both
 * multipliers. Meta-weights N(0, 1) unscaled, zero biases.
 */
record NotebookMlpLOpt(MlpHyper hyper, double decay) implements LearnedOptimizer {
    static final String NAME = "notebook_mlp";
    /** p, m, g. */
    static final int FEATURES = 3;

    @Override public String architecture() { return NAME; }

    /** hidden_size, step_mult, exp_mult and decay (one hidden layer, always). */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = hyper.config();
        c.remove("hidden_layers");
        c.put("decay", decay);
        return c;
    }

    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        return hyper.mlp(FEATURES).init(ops, key, Initializers.gaussian(1.0));
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        return new Opt(ops, LoptFeatures.theta(NAME, theta, hyper.mlp(FEATURES).shapes(), ops));
    }

    /** The optimizer one θ defines; accumulators: the momentum, shaped like the parameter. */
    private final class Opt extends PerTensorOptimizer {
        Opt(Ops ops, Map<String, Var> theta) { super(ops, NAME, theta, hyper.mlp(FEATURES), hyper.stepMult(), hyper.expMult(), false,
                new FusedPerParameterUpdate.Momenta(new double[] {decay}, true)); }

        @Override protected Object initLeaf(Var param) { return ops().zerosLike(param); }

        @Override
        protected Features features(Var p, Var g, Object acc, Map<String, Var> theta) {
            Var m = ((Var) acc).mul(decay).add(g.mul(1 - decay));
            int n = (int) p.size();
            return new Features(ops().concat(1, p.reshape(n, 1), m.reshape(n, 1), g.reshape(n, 1)), m);
        }
    }
}
