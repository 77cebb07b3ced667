package org.polymorph.core.runtime;

import com.google.inject.AbstractModule;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Guice module that binds the {@link BundleContext} and bridges consumed OSGi services into
 * Guice: {@link #bindService} binds a type to a provider that reads a service tracker on every
 * {@code get()}, so the graph always sees the current highest-ranked service.
 */
public abstract class OsgiModule extends AbstractModule {
    private final BundleContext context;
    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    protected OsgiModule(BundleContext context) { this.context = context; }

    protected BundleContext context() { return context; }

    @Override
    protected final void configure() {
        bind(BundleContext.class).toInstance(context);
        configureBundle();
    }

    /** The bundle's own bindings. */
    protected abstract void configureBundle();

    /** Binds {@code type} to the highest-ranked registered service of that type. */
    protected <T> void bindService(Class<T> type) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        trackers.add(tracker);
        bind(type).toProvider(() -> {
            T service = tracker.getService();
            if (service == null) {
                throw new IllegalStateException("no " + type.getSimpleName()
                        + " service is registered; check that its bundle is active (lb)");
            }
            return service;
        });
    }

    /** Closes the trackers; called from the activator's stop. */
    public void close() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }
}
