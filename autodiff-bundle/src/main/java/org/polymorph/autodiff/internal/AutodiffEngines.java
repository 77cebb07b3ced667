package org.polymorph.autodiff.internal;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.core.tensor.TensorService;

/**
 * The {@link AutodiffService}: engines over any TensorService sharing one {@link Registry}, which
 * holds the built-in primitives from construction. Unit tests build one directly
 * ({@code new AutodiffEngines().create(ts)}); the runtime has the bundle's instance as a service.
 */
public final class AutodiffEngines implements AutodiffService {
    private final Registry registry = new Registry();

    public AutodiffEngines() { BuiltinNames.registerAll(registry); }

    @Override public AD create(TensorService ts) { return new Transforms(new Engine(ts, registry)); }

    @Override public PrimitiveRegistry primitives() { return registry; }

    /** The registry itself, for the bundle's activator (removal of a stopping bundle's names). */
    Registry registry() { return registry; }
}
