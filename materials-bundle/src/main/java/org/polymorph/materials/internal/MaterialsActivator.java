package org.polymorph.materials.internal;

import com.google.inject.Injector;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.primitive.PrimitiveRegistry;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.internal.method.MaterialsMethods;

/**
 * Composition root of the materials bundle: consumes the TensorService and the autodiff bundle's
 * PrimitiveRegistry and publishes the md.* Methods and the bench.md.* benchmarks.
 */
public final class MaterialsActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(MaterialsActivator.class);

    @Override
    protected OsgiModule module(BundleContext ctx) {
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(PrimitiveRegistry.class);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        List<Method> methods = injector.getInstance(MaterialsMethods.class).all();
        for (Method m : methods) {
            publish(Method.class, m, Map.of(Method.ID_PROPERTY, m.id()));
            LOG.info("registered Method {}", m.id());
        }
    }
}
