package org.polymorph.core.runtime;

import com.google.inject.AbstractModule;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.TensorService;

/**
 * A Guice module that binds the {@link BundleContext} and bridges consumed OSGi services into
 * Guice: {@link #bindService} binds a type to a provider that reads a service tracker on every
 * {@code get()}, so the graph always sees the current highest-ranked service; for {@link TensorService}, the
 * backend selected for the run on the calling thread ({@link org.polymorph.core.tensor.Backends}), else the
 * highest-ranked one.
 */
public abstract class OsgiModule extends AbstractModule {
    private final BundleContext context;
    private final List<AutoCloseable> trackers = new ArrayList<>();

    protected OsgiModule(BundleContext context) { this.context = context; }

    protected BundleContext context() { return context; }

    @Override
    protected final void configure() {
        bind(BundleContext.class).toInstance(context);
        configureBundle();
    }

    /** The bundle's own bindings. */
    protected abstract void configureBundle();

    /**
     * Binds {@code type} to the highest-ranked registered service of that type; {@link TensorService} to
     * {@link BackendCatalog#current()}: the backend of the run whose thread asks, else the highest-ranked one.
     */
    protected <T> void bindService(Class<T> type) {
        if (type == TensorService.class) {
            BackendCatalog backends = BackendCatalog.tracking(context);
            trackers.add(backends);
            bind(TensorService.class).toProvider(backends::current);
            return;
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        trackers.add(tracker::close);
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
        for (AutoCloseable t : trackers) {
            try {
                t.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a service tracker failed: " + e.getMessage(), e);
            }
        }
        trackers.clear();
    }
}
