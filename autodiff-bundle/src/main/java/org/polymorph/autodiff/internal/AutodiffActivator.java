package org.polymorph.autodiff.internal;

import com.google.inject.Injector;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.internal.method.BenchAutodiffMethod;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.tensor.TensorService;

/**
 * Composition root of the autodiff bundle: publishes the {@link AutodiffService} and its
 * {@link PrimitiveRegistry} (for bundles that only register primitives), removes a bundle's
 * primitives when that bundle stops; publishes bench.autodiff and one {@link DatasetProvider} per
 * dataset of {@link Datasets#standard()}.
 */
public final class AutodiffActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(AutodiffActivator.class);
    private final AutodiffEngines autodiff = new AutodiffEngines();
    private final Registry registry = autodiff.registry();
    private BundleContext context;
    private SynchronousBundleListener listener;

    @Override
    protected OsgiModule module(BundleContext ctx) {
        this.context = ctx;
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bind(AutodiffService.class).toInstance(autodiff);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        listener = event -> {
            if (event.getType() == BundleEvent.STOPPING && event.getBundle().getSymbolicName() != null) {
                int n = registry.removeOwner(event.getBundle().getSymbolicName());
                if (n > 0) LOG.info("removed {} primitive(s) of stopping bundle {}", n, event.getBundle().getSymbolicName());
            }
        };
        context.addBundleListener(listener);
        publish(AutodiffService.class, autodiff, Map.of());
        publish(PrimitiveRegistry.class, registry, Map.of());
        Method bench = injector.getInstance(BenchAutodiffMethod.class);
        publish(Method.class, bench, Map.of(Method.ID_PROPERTY, bench.id()));
        for (DatasetProvider d : Datasets.standard()) publish(DatasetProvider.class, d, Map.of(DatasetProvider.NAME_PROPERTY, d.name()));
        LOG.info("registered AutodiffService, PrimitiveRegistry ({} built-in primitives) and Method {}", registry.names().size(), bench.id());
    }

    @Override
    protected void shutdown() {
        if (listener != null) context.removeBundleListener(listener);
    }
}
