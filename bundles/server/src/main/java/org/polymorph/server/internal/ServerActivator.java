package org.polymorph.server.internal;

import com.google.inject.Injector;
import java.io.IOException;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.ErrorText;
import org.polymorph.core.run.RunService;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.server.internal.bench.BenchServerMethod;
import org.polymorph.server.internal.http.ApiConfig;
import org.polymorph.server.internal.http.Token;

/**
 * Composition root of the server bundle. It serves only when the launcher started the runtime with
 * {@code polymorph server} (framework property {@value ServerProperties#ENABLED} = true); otherwise it
 * registers nothing. Enabled, it reads the settings ({@link ServerSettings}) and the token, and tracks the run
 * engine: while one is registered a {@link ServerInstance} serves it (run store, API servlet and filter).
 */
public final class ServerActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(ServerActivator.class);
    private BundleContext context;
    private ServerSettings settings;
    private ServiceTracker<RunService, ServerInstance> engines;

    @Override
    protected OsgiModule module(BundleContext context) {
        this.context = context;
        if (!Boolean.parseBoolean(context.getProperty(ServerProperties.ENABLED))) {
            return new OsgiModule(context) {
                @Override
                protected void configureBundle() { }
            };
        }
        Token token;
        try {
            settings = ServerSettings.read(context::getProperty);
            token = Token.read(settings.tokenFile());
        } catch (RuntimeException e) {
            LOG.error("the server cannot start: {}", ErrorText.of(e));
            throw e;
        }
        return new ServerModule(context, new ApiConfig(token, settings.readsOpen(), settings.corsOrigins(),
                settings.maxBodyBytes(), context.getBundle().getVersion().toString()));
    }

    @Override
    protected void register(Injector injector) {
        // the benchmark starts a server of its own: it is there in every mode (polymorph run bench.server)
        publish(Method.class, injector.getInstance(BenchServerMethod.class), Map.of(Method.ID_PROPERTY, BenchServerMethod.ID));
        if (settings == null) return;
        engines = new ServiceTracker<>(context, RunService.class, null) {
            private boolean serving;

            @Override
            public synchronized ServerInstance addingService(ServiceReference<RunService> ref) {
                if (serving) return null;                    // one engine at a time (the core bundle registers one)
                RunService engine = context.getService(ref);
                try {
                    ServerInstance server = new ServerInstance(context, injector, engine, settings);
                    server.start();
                    serving = true;
                    LOG.info("serving the REST API at {} (runs in {})", context.getProperty(ServerProperties.URL), settings.runsFolder());
                    return server;
                } catch (IOException | RuntimeException e) {
                    LOG.error("the server cannot start: {}", ErrorText.of(e), e);
                    context.ungetService(ref);
                    return null;
                }
            }

            @Override
            public synchronized void removedService(ServiceReference<RunService> ref, ServerInstance server) {
                server.stop();
                serving = false;
                context.ungetService(ref);
            }
        };
        engines.open();
    }

    @Override
    protected void shutdown() {
        if (engines != null) engines.close();            // stops the instance: runs.close() while the engine is still there
    }
}
