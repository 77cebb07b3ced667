package org.polymorph.optimizers.internal.meta;

import java.util.List;
import java.util.Map;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;

/** The architecture {@value LearnableAdam#NAME}: Adam with meta-learned lr, β1, β2 and ε (see {@link LearnableAdam}). */
public final class LearnableAdamArchitecture implements LearnedOptimizerArchitecture {
    private static final List<ParamSpec> HYPER = List.of(
            ParamSpec.real("initial_learning_rate", 1e-3, "", 1e-12, 1e3, "learning rate at θ's initialisation"),
            ParamSpec.real("initial_beta1", 0.9, "", 0, 0.999999999, "first-moment decay at initialisation"),
            ParamSpec.real("initial_beta2", 0.999, "", 0, 0.999999999, "second-moment decay at initialisation"),
            ParamSpec.real("initial_epsilon", 1e-8, "", 1e-300, 1, "ε at initialisation"));

    @Override public String name() { return LearnableAdam.NAME; }

    @Override
    public String description() {
        return "Adam with meta-parameters log lr, log(1-beta1), log(1-beta2), log eps (learned_optimization LearnableAdam)";
    }

    @Override public List<ParamSpec> hyperParameters() { return HYPER; }

    @Override
    public LearnedOptimizer create(Map<String, ?> config) {
        for (String key : config.keySet()) {
            if (HYPER.stream().noneMatch(p -> p.name().equals(key))) {
                throw new IllegalArgumentException("learnable_adam has no hyper-parameter '" + key + "'; it takes "
                        + HYPER.stream().map(ParamSpec::name).toList());
            }
        }
        return new LearnableAdam(value(config, HYPER.get(0)), value(config, HYPER.get(1)), value(config, HYPER.get(2)),
                value(config, HYPER.get(3)));
    }

    /** The value of {@code spec} in {@code config} (its default when absent or null), checked against its range. */
    private static double value(Map<String, ?> config, ParamSpec spec) {
        Object v = config.get(spec.name());
        double d;
        if (v == null) {
            d = ((Number) spec.defaultValue()).doubleValue();
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("learnable_adam: " + spec.name() + " = '" + v + "' is not a number");
            }
        }
        if (!(d >= spec.min() && d <= spec.max())) {
            throw new IllegalArgumentException("learnable_adam: " + spec.name() + " = " + d + " is outside [" + spec.min() + ", "
                    + spec.max() + "]");
        }
        return d;
    }
}
