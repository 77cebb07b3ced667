package org.polymorph.optimizers.internal.learned;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
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
record MlpLOpt(int hiddenSize, int hiddenLayers, double stepMult, double expMult) implements LearnedOptimizer {
    static final String NAME = "mlp_lopt";
    static final double[] DECAYS = {0.1, 0.5, 0.9, 0.99, 0.999, 0.9999};
    /** g, p and the momenta: the normalised features. */
    static final int NORMALISED = 2 + DECAYS.length;
    /** All inputs of the MLP: 19. */
    static final int FEATURES = NORMALISED + LoptFeatures.TIMESCALES.length;

    PerParameterMlp mlp() {
        int[] w = new int[hiddenLayers + 2];
        w[0] = FEATURES;
        for (int i = 1; i <= hiddenLayers; i++) w[i] = hiddenSize;
        w[hiddenLayers + 1] = 2;
        return new PerParameterMlp(w);
    }

    @Override public String architecture() { return NAME; }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hidden_size", hiddenSize);
        c.put("hidden_layers", hiddenLayers);
        c.put("step_mult", stepMult);
        c.put("exp_mult", expMult);
        return c;
    }

    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        return mlp().init(ops, key, HaikuInit.TRUNCATED_FAN_IN);
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        mlp().shapes(shapes);
        return new Opt(ops, LoptFeatures.theta(NAME, theta, shapes, ops));
    }

    /** The optimizer one θ defines; accumulators: the momenta, [size, 6]. */
    private final class Opt extends PerTensorOptimizer {
        private final PerParameterMlp mlp = mlp();

        Opt(Ops ops, Map<String, Var> theta) { super(ops, NAME, theta); }

        @Override
        protected Object initLeaf(Var param) {
            return ops().constant(ops().tensors().zeros(param.dtype(), (int) param.size(), DECAYS.length));
        }

        @Override
        protected LeafStep step(Var p, Var g, Object acc, long t, Map<String, Var> theta) {
            Ops o = ops();
            int n = (int) p.size();
            Var gc = g.reshape(n, 1);
            Var d = LoptFeatures.row(o, DECAYS, g.dtype());
            Var m = ((Var) acc).mul(d).add(gc.mul(d.neg().add(1.0)));
            Var x = LoptFeatures.normalize(o.concat(1, gc, p.reshape(n, 1), m));
            Var out = mlp.apply(theta, x, LoptFeatures.stepEmbedding(o, t, g.dtype()));
            return new LeafStep(LoptFeatures.update(out, stepMult, expMult, p.shape()), m);
        }
    }
}
