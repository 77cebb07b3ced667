package org.polymorph.server.internal;

import com.google.inject.Injector;
import java.util.Map;
import jakarta.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;

/**
 * Composition root of the server bundle. It serves only when the launcher started the runtime with
 * {@code polymorph server} (framework property {@value ServerProperties#ENABLED} = true); otherwise it
 * registers nothing.
 */
public final class ServerActivator extends GuiceActivator {
    private boolean enabled;

    @Override
    protected OsgiModule module(BundleContext context) {
        enabled = Boolean.parseBoolean(context.getProperty(ServerProperties.ENABLED));
        return new OsgiModule(context) {
            @Override
            protected void configureBundle() { }
        };
    }

    @Override
    protected void register(Injector injector) {
        if (!enabled) return;
        publish(Servlet.class, new HealthServlet(), Map.of(
                Whiteboard.SERVLET_PATTERN, "/api/v1/health"));
        publish(Servlet.class, new org.polymorph.server.internal.dashboard.DashboardServlet(getClass().getClassLoader()), Map.of(Whiteboard.SERVLET_PATTERN, "/"));
    }
}
