package org.polymorph.core.runtime;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A bundle activator that is the bundle's composition root: it builds a Guice injector from
 * {@link #module}, lets {@link #register} publish services built by the injector, and unregisters
 * them and closes the trackers when the bundle stops. No injector escapes the bundle.
 */
public abstract class GuiceActivator implements BundleActivator {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private OsgiModule module;
    private BundleContext context;

    /** The bundle's module (it may call {@code bindService} for consumed services). */
    protected abstract OsgiModule module(BundleContext context);

    /** Registers the bundle's services, built from the injector. */
    protected abstract void register(Injector injector) throws Exception;

    /** Extra clean-up after the services are unregistered. */
    protected void shutdown() { }

    @Override
    public final void start(BundleContext context) throws Exception {
        this.context = context;
        this.module = module(context);
        Injector injector = Guice.createInjector(module);
        register(injector);
    }

    @Override
    public final void stop(BundleContext context) {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself; nothing to undo
            }
        }
        registrations.clear();
        shutdown();
        if (module != null) module.close();
    }

    /** Registers {@code service} under {@code type} with the given properties. */
    protected final <T> ServiceRegistration<T> publish(Class<T> type, T service, Map<String, ?> properties) {
        Dictionary<String, Object> props = new Hashtable<>(properties);
        ServiceRegistration<T> reg = context.registerService(type, service, props);
        registrations.add(reg);
        return reg;
    }
}
