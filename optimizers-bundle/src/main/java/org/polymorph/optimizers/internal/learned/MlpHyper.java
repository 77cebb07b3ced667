package org.polymorph.optimizers.internal.learned;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyper-parameters the per-parameter MLP optimizers share: {@code hidden_layers} layers of
 * {@code hidden_size} ReLU units, and the output multipliers of {@code step = a·exp(exp_mult·b)·step_mult}.
 */
record MlpHyper(int hiddenSize, int hiddenLayers, double stepMult, double expMult) {
    /** The MLP {@code inputs → hidden_size × hidden_layers → 2}. */
    PerParameterMlp mlp(int inputs) {
        int[] w = new int[hiddenLayers + 2];
        w[0] = inputs;
        for (int i = 1; i <= hiddenLayers; i++) w[i] = hiddenSize;
        w[hiddenLayers + 1] = 2;
        return new PerParameterMlp(w);
    }

    /** hidden_size, hidden_layers, step_mult, exp_mult, as {@link LearnedArchitectures} reads them. */
    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hidden_size", hiddenSize);
        c.put("hidden_layers", hiddenLayers);
        c.put("step_mult", stepMult);
        c.put("exp_mult", expMult);
        return c;
    }
}
