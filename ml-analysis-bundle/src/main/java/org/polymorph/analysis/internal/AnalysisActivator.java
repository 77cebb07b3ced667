package org.polymorph.analysis.internal;

import com.google.inject.Injector;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.core.tensor.TensorService;

/**
 * Composition root of the analysis bundle: consumes the TensorService, the AutodiffService, the registered
 * datasets and optimizer providers, and publishes the Methods listed in {@link AnalysisMethods}.
 */
public final class AnalysisActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(AnalysisActivator.class);
    private final List<ServiceCatalog<?>> catalogs = new ArrayList<>();

    @Override
    protected OsgiModule module(BundleContext ctx) {
        ServiceCatalog<DatasetProvider> datasets = ServiceCatalog.tracking(ctx, DatasetProvider.class,
                DatasetProvider.NAME_PROPERTY, "dataset");
        catalogs.add(datasets);
        ServiceCatalog<OptimizerProvider> optimizers = ServiceCatalog.tracking(ctx, OptimizerProvider.class,
                OptimizerProvider.NAME_PROPERTY, "optimizer");
        catalogs.add(optimizers);
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
                bind(new TypeLiteral<ServiceCatalog<DatasetProvider>>() { }).toInstance(datasets);
                bind(new TypeLiteral<ServiceCatalog<OptimizerProvider>>() { }).toInstance(optimizers);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        List<Class<? extends Method>> types = AnalysisMethods.all();
        for (Class<? extends Method> type : types) {
            Method m = injector.getInstance(type);
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
        }
        LOG.info("registered {} analysis Methods", types.size());
    }

    @Override
    protected void shutdown() {
        catalogs.forEach(ServiceCatalog::close);
        catalogs.clear();
    }
}
