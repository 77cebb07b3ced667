package org.polymorph.autodiff;

import org.osgi.annotation.versioning.ProviderType;
import org.polymorph.core.tensor.TensorService;

/**
 * Hands out autodiff engines. Registered as an OSGi service by the autodiff bundle, which owns the
 * one {@link PrimitiveRegistry} every engine binds: the built-in primitives, and those other bundles
 * register (fused kernels, say), which vanish when their bundle stops. A Method gets this service
 * injected (as it gets the TensorService) and asks it for an engine per run.
 *
 * <pre>{@code
 * AD ad = autodiff.create(tensorService);
 * Var g = ad.grad(v -> v.sin().mul(v).sum(), ad.ops().constant(x));
 * }</pre>
 *
 * @since 2.0.0
 */
@ProviderType
public interface AutodiffService {
    /**
     * A new engine over {@code ts} that binds the primitives of {@link #primitives()}. Engines are
     * cheap; one per run (or per thread) keeps their trace counters apart.
     *
     * @throws IllegalArgumentException if {@code ts} is null
     */
    AD create(TensorService ts);

    /** The registry of primitive names shared by every engine of this service. */
    PrimitiveRegistry primitives();
}
