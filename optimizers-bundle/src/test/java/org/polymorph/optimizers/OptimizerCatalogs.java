package org.polymorph.optimizers;

import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.internal.ClassicalOptimizers;

/** The classical providers by name, as the registry holds them once this bundle has started. */
public final class OptimizerCatalogs {
    private OptimizerCatalogs() { }

    public static ServiceCatalog<OptimizerProvider> classical() {
        return ServiceCatalog.of("optimizer", ClassicalOptimizers.all(), OptimizerProvider::name);
    }

    /** The optimizer {@code name} from the catalog, configured by {@code config}. */
    public static Optimizer create(Ops ops, String name, Map<String, ?> config) {
        return classical().get("optimizer", name).create(ops, config);
    }
}
