package org.polymorph.optimizers.internal;

import com.google.inject.Injector;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.internal.train.TrainMethod;

/**
 * Composition root of the optimizers bundle: consumes the TensorService and the autodiff bundle's
 * AutodiffService and publishes the Method nn.train.
 */
public final class OptimizersActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(OptimizersActivator.class);

    @Override
    protected OsgiModule module(BundleContext ctx) {
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        Method train = injector.getInstance(TrainMethod.class);
        publish(Method.class, train, Map.of(Method.ID_PROPERTY, train.id()));
        LOG.info("registered Method {}", train.id());
    }
}
