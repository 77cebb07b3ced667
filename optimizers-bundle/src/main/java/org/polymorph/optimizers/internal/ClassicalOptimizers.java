package org.polymorph.optimizers.internal;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.optimizers.OptimizerConfig;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Optimizers;

/**
 * The classical optimizers of this bundle as {@link OptimizerProvider}s, one per name, each built by
 * its typed factory in {@link Optimizers} (where the formulas and sources are). Defaults are
 * PyTorch's and optax's: lr 1e-3 for adam and adamw, 1e-2 otherwise.
 */
public final class ClassicalOptimizers {
    private static final ParamSpec MOMENTUM = ParamSpec.real("momentum", 0.9, "", 0, 1, "momentum coefficient, in (0, 1)");
    private static final ParamSpec BETA1 = ParamSpec.real("beta1", 0.9, "", 0, 1, "decay of the first moment, in [0, 1)");
    private static final ParamSpec BETA2 = ParamSpec.real("beta2", 0.999, "", 0, 1, "decay of the second moment, in [0, 1)");
    private static final ParamSpec EPS = ParamSpec.real("eps", 1e-8, "", 0, 1, "added to the denominator, >= 0");

    private ClassicalOptimizers() { }

    /** sgd, momentum, nesterov, adam, adamw, rmsprop, in that order (the order they are registered in). */
    public static List<OptimizerProvider> all() {
        return List.of(
                new Provider("sgd", "plain stochastic gradient descent, u = -lr g (optax.sgd)", List.of(lr(1e-2)),
                        (o, c) -> Optimizers.sgd(o, c.learningRate())),
                new Provider("momentum", "heavy-ball momentum (Polyak 1964; optax.sgd with momentum)", List.of(lr(1e-2), MOMENTUM),
                        (o, c) -> Optimizers.momentum(o, c.learningRate(), c.number("momentum"))),
                new Provider("nesterov", "Nesterov momentum (Sutskever et al. 2013; optax.sgd nesterov=True)", List.of(lr(1e-2), MOMENTUM),
                        (o, c) -> Optimizers.nesterov(o, c.learningRate(), c.number("momentum"))),
                new Provider("adam", "Adam (Kingma & Ba 2015; optax.adam)", List.of(lr(1e-3), BETA1, BETA2, EPS),
                        (o, c) -> Optimizers.adam(o, c.learningRate(), c.number("beta1"), c.number("beta2"), c.number("eps"))),
                new Provider("adamw", "AdamW, decoupled weight decay (Loshchilov & Hutter 2019; optax.adamw)",
                        List.of(lr(1e-3), BETA1, BETA2, EPS, ParamSpec.real("weight_decay", 1e-4, "", 0, 1, "decoupled weight decay, >= 0")),
                        (o, c) -> Optimizers.adamw(o, c.learningRate(), c.number("beta1"), c.number("beta2"), c.number("eps"),
                                c.number("weight_decay"))),
                new Provider("rmsprop", "RMSProp as PyTorch's RMSprop, eps outside the square root (Tieleman & Hinton 2012)",
                        List.of(lr(1e-2), ParamSpec.real("decay", 0.99, "", 0, 1, "decay of the squared-gradient average, in [0, 1)"),
                                EPS, ParamSpec.real("momentum", 0.0, "", 0, 1, "momentum coefficient, in [0, 1)"),
                                ParamSpec.bool("centered", false, "divide by the gradient's variance instead of its second moment")),
                        (o, c) -> Optimizers.rmsprop(o, c.learningRate(), c.number("decay"), c.number("eps"), c.number("momentum"),
                                c.flag("centered"))));
    }

    private static ParamSpec lr(double dflt) {
        return ParamSpec.real("lr", dflt, "", 0, Double.MAX_VALUE, "peak learning rate, > 0 (with the schedule keys)");
    }

    /** One provider: its specs and the typed factory that reads them. */
    private record Provider(String name, String description, List<ParamSpec> hyperParameters,
                            BiFunction<Ops, OptimizerConfig, Optimizer> factory) implements OptimizerProvider {
        @Override
        public Optimizer create(Ops ops, Map<String, ?> config) {
            if (ops == null) throw new IllegalArgumentException("ops must not be null");
            return factory.apply(ops, OptimizerConfig.of(name, hyperParameters, config));
        }

        @Override public String toString() { return name; }
    }
}
