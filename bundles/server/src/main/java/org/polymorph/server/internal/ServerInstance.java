package org.polymorph.server.internal;

import com.google.inject.Injector;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.RunService;
import org.polymorph.server.internal.dashboard.DashboardServlet;
import org.polymorph.server.internal.http.AccessFilter;
import org.polymorph.server.internal.http.ApiServlet;
import org.polymorph.server.internal.runs.ServerRuns;

/**
 * The server over one run engine: its run store, the API servlet and filter on the servlet whiteboard, and a
 * tracker that tells the run store when Methods come or go. Made when the engine's service appears and
 * stopped before it goes, so that {@link ServerRuns#close()} still reaches the engine (unfinished runs are
 * marked interrupted and cancelled, and write their checkpoints).
 */
final class ServerInstance {
    private static final Logger LOG = LogManager.getLogger(ServerInstance.class);
    static final String API_PATTERN = "/api/v1/*";

    private final BundleContext context;
    private final ServerRuns runs;
    private final Injector injector;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private ServiceTracker<Method, String> methods;

    ServerInstance(BundleContext context, Injector parent, RunService engine, ServerSettings settings) throws IOException {
        this.context = context;
        this.runs = new ServerRuns(engine, settings.runsFolder(), settings.maxConcurrent(), settings.maxQueued(),
                parent.getInstance(Clock.class));
        runs.open();
        this.injector = parent.createChildInjector(binder -> {
            binder.bind(ServerRuns.class).toInstance(runs);
            binder.bind(RunService.class).toInstance(engine);
        });
    }

    void start() {
        register(Filter.class, injector.getInstance(AccessFilter.class), Map.of(
                Whiteboard.FILTER_PATTERN, API_PATTERN, Whiteboard.FILTER_NAME, "polymorph-api-access",
                Whiteboard.FILTER_ASYNC, true));
        register(Servlet.class, injector.getInstance(ApiServlet.class), Map.of(
                Whiteboard.SERVLET_PATTERN, API_PATTERN, Whiteboard.SERVLET_NAME, "polymorph-api",
                Whiteboard.SERVLET_ASYNC, true));
        // "/" is the whiteboard's default servlet: the dashboard's page and assets, everything the API does not take
        register(Servlet.class, new DashboardServlet(ServerInstance.class.getClassLoader()), Map.of(
                Whiteboard.SERVLET_PATTERN, "/", Whiteboard.SERVLET_NAME, "polymorph-dashboard"));
        methods = new ServiceTracker<>(context, Method.class, null) {
            @Override
            public String addingService(ServiceReference<Method> ref) {
                String id = methodId(ref);
                if (id != null) runs.methodsChanged(List.of(id), List.of());
                return id == null ? "" : id;
            }

            @Override
            public void removedService(ServiceReference<Method> ref, String id) {
                if (!id.isEmpty()) runs.methodsChanged(List.of(), List.of(id));
            }
        };
        methods.open();
    }

    /** The id a Method is registered under (its service property, else its own id); null when it cannot be got. */
    private String methodId(ServiceReference<Method> ref) {
        Object property = ref.getProperty(Method.ID_PROPERTY);
        if (property != null) return property.toString();
        Method m = context.getService(ref);
        if (m == null) return null;
        try {
            return m.id();
        } finally {
            context.ungetService(ref);
        }
    }

    private <T> void register(Class<T> type, T service, Map<String, ?> properties) {
        Dictionary<String, Object> props = new Hashtable<>(properties);
        registrations.add(context.registerService(type, service, props));
    }

    /** Unregisters the servlets, stops telling the run store, then closes it (waiting for its runs to end). */
    void stop() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it
            }
        }
        registrations.clear();
        if (methods != null) methods.close();
        LOG.info("closing the server's runs (unfinished runs are marked interrupted)");
        runs.close();
    }
}
