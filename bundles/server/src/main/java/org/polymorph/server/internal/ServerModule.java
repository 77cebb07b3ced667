package org.polymorph.server.internal;

import java.time.Clock;
import org.osgi.framework.BundleContext;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.server.internal.http.ApiConfig;

/**
 * Object graph of the server bundle: the clock, the HTTP layer's configuration, the active TensorService and the
 * Distributed service (tracked); the run store and the run engine it serves are bound in a child injector per engine
 * ({@link ServerInstance}).
 */
final class ServerModule extends OsgiModule {
    private final ApiConfig api;

    ServerModule(BundleContext context, ApiConfig api) {
        super(context);
        this.api = api;
    }

    @Override
    protected void configureBundle() {
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(ApiConfig.class).toInstance(api);
        bindService(TensorService.class);
        bindService(Distributed.class);                  // the highest-ranked: the cluster's when this runtime is a member
    }
}
