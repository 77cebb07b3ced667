package org.polymorph.materials.internal;

import com.google.inject.Injector;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.internal.method.MaterialsMethods;
import org.polymorph.materials.internal.potential.provider.BuiltinStyles;
import org.polymorph.materials.internal.potential.provider.M3gnetStyle;
import org.polymorph.materials.internal.potential.provider.PotentialRegistry;
import org.polymorph.materials.internal.task.MaterialsTasks;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Composition root of the materials bundle: consumes the TensorService, the autodiff bundle's
 * AutodiffService and PrimitiveRegistry, the Distributed service, the registered optimizers and every PotentialProvider
 * (through the catalogs its Methods are given); registers each built-in pair style as its own PotentialProvider
 * service, the StructureMatcher, the structure-relaxation optimization tasks and the work kinds ff.fit.weighting and
 * crystal.relax, and publishes the md.*, ff.* Methods and the bench.* benchmarks.
 */
public final class MaterialsActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(MaterialsActivator.class);
    private ServiceCatalog<OptimizerProvider> optimizers;
    private PotentialRegistry potentials;

    @Override
    protected OsgiModule module(BundleContext ctx) {
        optimizers = ServiceCatalog.tracking(ctx, OptimizerProvider.class, OptimizerProvider.NAME_PROPERTY, "optimizer");
        potentials = new PotentialRegistry(ctx);
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
                bindService(PrimitiveRegistry.class);
                bindService(Distributed.class);
                bind(new TypeLiteral<ServiceCatalog<OptimizerProvider>>() { }).toInstance(optimizers);
                bind(PotentialCatalog.class).toInstance(potentials);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        String owner = injector.getInstance(BundleContext.class).getBundle().getSymbolicName();
        try {
            PrimitiveRegistry primitives = injector.getInstance(PrimitiveRegistry.class);
            org.polymorph.materials.internal.potential.FusedEnergy.register(primitives, owner);
            org.polymorph.materials.internal.forcefield.VerletTrajectory.register(primitives, owner);
            org.polymorph.materials.internal.rigid.RigidAdjoint.register(primitives, owner);
        } catch (RuntimeException e) {
            // the autodiff bundle starts first (same level, earlier name); without it fused kernels cannot be bound
            LOG.warn("fused-kernel primitives not registered: {}", e.getMessage());
        }
        for (PotentialProvider p : BuiltinStyles.all()) {
            publish(PotentialProvider.class, p, Map.of(PotentialProvider.STYLE_PROPERTY, p.style()));
            LOG.debug("registered pair style {}", p.style());
        }
        com.google.inject.Provider<AutodiffService> autodiff = injector.getProvider(AutodiffService.class);
        com.google.inject.Provider<TensorService> tensors = injector.getProvider(TensorService.class);
        PotentialProvider m3gnet = new M3gnetStyle(() -> autodiff.get().create(tensors.get()));
        publish(PotentialProvider.class, m3gnet, Map.of(PotentialProvider.STYLE_PROPERTY, m3gnet.style()));
        MaterialsMethods all = injector.getInstance(MaterialsMethods.class);
        for (WorkKind k : all.workKinds()) publish(WorkKind.class, k, Map.of(WorkKind.NAME_PROPERTY, k.name()));
        List<Method> methods = all.all();
        for (Method m : methods) {
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
            LOG.info("registered Method {}", m.id());
        }
        publish(org.polymorph.materials.matching.StructureMatcher.class, new org.polymorph.materials.internal.matching.SiteMatcher(), Map.of());
        for (OptimizationTask t : MaterialsTasks.all()) publish(OptimizationTask.class, t, Map.of(OptimizationTask.NAME_PROPERTY, t.name()));
    }

    @Override
    protected void shutdown() {
        if (optimizers != null) optimizers.close();
        if (potentials != null) potentials.close();
        potentials = null;
    }
}
