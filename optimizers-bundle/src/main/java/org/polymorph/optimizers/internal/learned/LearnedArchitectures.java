package org.polymorph.optimizers.internal.learned;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.optimizers.OptimizerConfig;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;

/**
 * The learned-optimizer architectures of this bundle, each published as a
 * {@link LearnedOptimizerArchitecture} service by the bundle's activator; defaults are
 * learned_optimization's (the no-dependency notebook's for notebook_mlp).
 */
public final class LearnedArchitectures {
    private static final ParamSpec STEP_MULT = ParamSpec.real("step_mult", 0.001, "", 0, Double.MAX_VALUE, "step = a·exp(exp_mult·b)·step_mult, > 0");
    private static final ParamSpec EXP_MULT = ParamSpec.real("exp_mult", 0.001, "", 0, Double.MAX_VALUE, "multiplier of the magnitude output b, > 0");

    private LearnedArchitectures() { }

    /** notebook_mlp, mlp_lopt, adafac_mlp_lopt. */
    public static List<LearnedOptimizerArchitecture> all() {
        return List.of(
                new Architecture(NotebookMlpLOpt.NAME,
                        "the no-dependency notebook's per-parameter MLP on [p, m, g] (learned_optimization docs/notebooks)",
                        List.of(hidden(64), ParamSpec.real("decay", 0.9, "", 0, 1, "momentum decay, in [0, 1)"),
                                ParamSpec.real("step_mult", 0.01, "", 0, Double.MAX_VALUE, "step = a·step_mult·exp(exp_mult·b), > 0"),
                                ParamSpec.real("exp_mult", 0.01, "", 0, Double.MAX_VALUE, "multiplier of the magnitude output b, > 0")),
                        c -> new NotebookMlpLOpt(size(c, "hidden_size"), decay(c), positive(c, "step_mult"), positive(c, "exp_mult"))),
                new Architecture(MlpLOpt.NAME, "MLPLOpt / LOLv2: 19 per-parameter features, MLP 32x32 -> 2 (learned_optimization mlp_lopt.py)",
                        List.of(hidden(32), layers(), STEP_MULT, EXP_MULT),
                        c -> new MlpLOpt(size(c, "hidden_size"), size(c, "hidden_layers"), positive(c, "step_mult"), positive(c, "exp_mult"))),
                new Architecture(AdafacMlpLOpt.NAME,
                        "AdafacMLPLOpt: 39 features with Adafactor row/column statistics and learnable decays (learned_optimization adafac_mlp_lopt.py)",
                        List.of(hidden(4), layers(), STEP_MULT, EXP_MULT),
                        c -> new AdafacMlpLOpt(size(c, "hidden_size"), size(c, "hidden_layers"), positive(c, "step_mult"), positive(c, "exp_mult"))));
    }

    private static ParamSpec hidden(int dflt) {
        return ParamSpec.integer("hidden_size", dflt, "", 1, 4096, "units per hidden layer, >= 1");
    }

    private static ParamSpec layers() {
        return ParamSpec.integer("hidden_layers", 2, "", 1, 16, "hidden layers, >= 1");
    }

    private static int size(OptimizerConfig c, String key) {
        double v = c.number(key);
        if (v != Math.rint(v) || v < 1 || v > 4096) {
            throw new IllegalArgumentException("parameter '" + key + "' = " + v + " must be a whole number from 1 to 4096");
        }
        return (int) v;
    }

    private static double positive(OptimizerConfig c, String key) {
        double v = c.number(key);
        if (!(v > 0)) throw new IllegalArgumentException("parameter '" + key + "' = " + v + " must be > 0");
        return v;
    }

    private static double decay(OptimizerConfig c) {
        double v = c.number("decay");
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("parameter 'decay' = " + v + " must be in [0, 1)");
        return v;
    }

    /** One architecture: its specs and the typed factory that reads them. */
    private record Architecture(String name, String description, List<ParamSpec> hyperParameters,
                                Function<OptimizerConfig, LearnedOptimizer> factory) implements LearnedOptimizerArchitecture {
        @Override
        public LearnedOptimizer create(Map<String, ?> config) {
            return factory.apply(OptimizerConfig.of(name, hyperParameters, config));
        }

        @Override public String toString() { return name; }
    }
}
