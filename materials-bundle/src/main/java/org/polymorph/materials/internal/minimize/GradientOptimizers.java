package org.polymorph.materials.internal.minimize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * The gradient optimizer a materials Method's {@code optimizer=} value names among the registered optimizer providers
 * ({@link OptimizerChoice}: {@code adam}, or {@code name:argument} such as {@code learned:<file>}). The learning rate goes
 * to a provider that takes {@code lr}, the run's length in optimizer steps to one that takes {@code num_steps} (a learned
 * optimizer's step features), and the argument to one that takes it; a learned optimizer takes no learning rate (its
 * meta-parameters set the step), so {@code lr} does not reach it.
 */
public final class GradientOptimizers {
    /** The Methods' parameter that names the optimizer. */
    public static final String PARAM = "optimizer";
    private static final String NUM_STEPS = "num_steps";

    private GradientOptimizers() { }

    /**
     * The optimizer {@code value} names, at learning rate {@code lr} (when it takes one) for a run of {@code numSteps} steps.
     *
     * @param fix what to do when the provider refuses its configuration (a hyper-parameter out of its range)
     * @throws BadInputException naming {@value #PARAM}: an unknown name, a missing or unexpected argument, a bad
     *         learned-optimizer file, or a configuration the provider refuses
     */
    public static Optimizer create(Ops ops, ServiceCatalog<OptimizerProvider> catalog, String value, double lr, long numSteps, String fix) {
        OptimizerChoice.Chosen chosen = OptimizerChoice.resolve(catalog, PARAM, value);
        OptimizerProvider p = chosen.provider();
        Map<String, Object> config = new LinkedHashMap<>();
        if (!chosen.argument().isEmpty()) config.put(OptimizerChoice.ARGUMENT, chosen.argument());
        if (takes(p, "lr")) config.put("lr", lr);
        if (takes(p, NUM_STEPS)) config.put(NUM_STEPS, numSteps);
        try {
            return p.create(ops, config);
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam(PARAM, value, e.getMessage(), fix);
        }
    }

    private static boolean takes(OptimizerProvider p, String key) {
        for (ParamSpec h : p.hyperParameters()) if (h.name().equals(key)) return true;
        return false;
    }
}
