package org.polymorph.optimizers.internal.learned;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerConfig;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/**
 * The optimizer {@code learned}: {@code optimizer=learned:<file>} reads a {@link LearnedOptimizerFile}
 * and builds the optimizer its θ defines with the architecture of that name from the registry (a
 * catalog of {@link LearnedOptimizerArchitecture} services). {@code num_steps}, the training length,
 * feeds the architectures that use it.
 */
public final class LearnedOptimizerProvider implements OptimizerProvider {
    /** The name Methods give: {@code optimizer=learned:<file>}. */
    public static final String NAME = "learned";
    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.text(OptimizerChoice.ARGUMENT, "", "learned-optimizer file"),
            ParamSpec.integer("num_steps", 0, "steps", 0, Integer.MAX_VALUE, "length of the training run, 0 when unknown"));

    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;

    public LearnedOptimizerProvider(ServiceCatalog<LearnedOptimizerArchitecture> architectures) {
        this.architectures = architectures;
    }

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "a meta-trained learned optimizer read from a file (learned:<file>; architectures "
                + String.join(", ", architectures.names()) + ")";
    }

    @Override public List<ParamSpec> hyperParameters() { return SPECS; }

    @Override
    public Optimizer create(Ops ops, Map<String, ?> config) {
        if (ops == null) throw new IllegalArgumentException("ops must not be null");
        OptimizerConfig c = OptimizerConfig.of(NAME, SPECS, config);
        Object file = config.get(OptimizerChoice.ARGUMENT);
        if (file == null || String.valueOf(file).isBlank()) {
            throw BadInputException.forParam("optimizer", NAME, "a learned optimizer needs its file", "write optimizer=learned:<file>");
        }
        double steps = c.number("num_steps");
        if (steps < 0 || steps != Math.rint(steps)) {
            throw new IllegalArgumentException("parameter 'num_steps' = " + steps + " must be a whole number >= 0");
        }
        Path path = Path.of(String.valueOf(file).trim());
        LearnedOptimizerFile.Loaded loaded = LearnedOptimizerFile.read(path, architectures);
        try {
            return loaded.optimizer().optimizer(ops, loaded.theta(ops), (long) steps);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("optimizer", NAME + ":" + path, "its weights do not fit its architecture (" + e.getMessage() + ")",
                    "write the file again with lopt.meta_train");
        }
    }

    @Override public String toString() { return NAME; }
}
