package org.polymorph.materials.internal;

import com.google.inject.Injector;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.primitive.PrimitiveRegistry;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.runtime.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.internal.method.MaterialsMethods;
import org.polymorph.materials.internal.task.MaterialsTasks;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Composition root of the materials bundle: consumes the TensorService and the autodiff bundle's
 * AutodiffService and PrimitiveRegistry and the registered optimizers (a catalog), and publishes the
 * md.* Methods, the bench.md.* benchmarks and the structure-relaxation optimization tasks.
 */
public final class MaterialsActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(MaterialsActivator.class);
    private ServiceCatalog<OptimizerProvider> optimizers;

    @Override
    protected OsgiModule module(BundleContext ctx) {
        optimizers = ServiceCatalog.tracking(ctx, OptimizerProvider.class, OptimizerProvider.NAME_PROPERTY, "optimizer");
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
                bindService(PrimitiveRegistry.class);
                bind(new TypeLiteral<ServiceCatalog<OptimizerProvider>>() { }).toInstance(optimizers);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        String owner = injector.getInstance(BundleContext.class).getBundle().getSymbolicName();
        try {
            PrimitiveRegistry primitives = injector.getInstance(PrimitiveRegistry.class);
            primitives.register(org.polymorph.materials.internal.potential.FusedEnergy.NAME, owner);
            primitives.register(org.polymorph.materials.internal.potential.FusedEnergy.GRADIENT_NAME, owner);
        } catch (RuntimeException e) {
            // the autodiff bundle starts first (same level, earlier name); without it fused kernels cannot be bound
            LOG.warn("fused-kernel primitives not registered: {}", e.getMessage());
        }
        List<Method> methods = injector.getInstance(MaterialsMethods.class).all();
        for (Method m : methods) {
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
            LOG.info("registered Method {}", m.id());
        }
        for (OptimizationTask t : MaterialsTasks.all()) publish(OptimizationTask.class, t, Map.of(OptimizationTask.NAME_PROPERTY, t.name()));
    }

    @Override
    protected void shutdown() {
        if (optimizers != null) optimizers.close();
    }
}
