package org.polymorph.optimizers.internal.learned;

import java.util.List;
import java.util.Map;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;

/** The architecture {@code hyper_v2}, registered as a {@link LearnedOptimizerArchitecture} service by the bundle's activator. */
public final class HyperV2Architecture implements LearnedOptimizerArchitecture {
    @Override public String name() { return HyperV2Config.NAME; }

    @Override public String description() {
        return "VeLO-style hierarchical optimizer: a per-tensor LSTM mixes a bank of per-parameter MLPs and scales "
                + "their steps (learned_optimization HyperV2; VeLO, arXiv 2211.09760)";
    }

    @Override public List<ParamSpec> hyperParameters() { return HyperV2Config.SPECS; }

    @Override public LearnedOptimizer create(Map<String, ?> config) { return new HyperV2(HyperV2Config.parse(config)); }

    @Override public String toString() { return name(); }
}
