package org.polymorph.core.internal.run;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.method.Method;
import org.polymorph.core.run.MethodCatalog;
import org.polymorph.core.run.MethodEntry;

/**
 * Tracks every {@link Method} service (the whiteboard). The id is the service property
 * {@link Method#ID_PROPERTY} or, when absent, {@link Method#id()}. When two services share an id,
 * the one with the higher service ranking (then the lower service id) wins, and the clash is logged.
 * Lookups read the tracker each time, so hot-deployed methods appear and disappear at once.
 */
public final class MethodRegistry implements MethodCatalog {
    private static final Logger LOG = LogManager.getLogger(MethodRegistry.class);

    private final ServiceTracker<Method, Method> tracker;

    public MethodRegistry(BundleContext context) {
        this.tracker = new ServiceTracker<>(context, Method.class, null) {
            @Override
            public Method addingService(ServiceReference<Method> ref) {
                Method m = super.addingService(ref);
                if (m != null) onAdded(ref, m);
                return m;
            }
        };
    }

    public void open() { tracker.open(); }

    public void close() { tracker.close(); }

    @Override
    public SortedMap<String, MethodEntry> entries() {
        SortedMap<ServiceReference<Method>, Method> tracked = tracker.getTracked();
        Map<String, ServiceReference<Method>> best = new TreeMap<>();
        SortedMap<String, MethodEntry> out = new TreeMap<>();
        for (Map.Entry<ServiceReference<Method>, Method> e : tracked.entrySet()) {
            String id = idOf(e.getKey(), e.getValue());
            ServiceReference<Method> current = best.get(id);
            // ServiceReference order: higher ranking, then lower service id, compares greater
            if (current == null || e.getKey().compareTo(current) > 0) {
                best.put(id, e.getKey());
                Bundle b = e.getKey().getBundle();
                out.put(id, new MethodEntry(id, e.getValue(), b == null ? "(unregistered)" : b.getSymbolicName(),
                        b == null ? "0.0.0" : b.getVersion().toString()));
            }
        }
        return out;
    }

    private void onAdded(ServiceReference<Method> ref, Method added) {
        String id = idOf(ref, added);
        for (Map.Entry<ServiceReference<Method>, Method> e : tracker.getTracked().entrySet()) {
            if (!e.getKey().equals(ref) && id.equals(idOf(e.getKey(), e.getValue()))) {
                ServiceReference<Method> winner = ref.compareTo(e.getKey()) > 0 ? ref : e.getKey();
                LOG.warn("two Method services have the id '{}': from bundles {} and {}; using the one from {} "
                        + "(higher service.ranking wins)", id, bundleOf(ref), bundleOf(e.getKey()), bundleOf(winner));
            }
        }
        LOG.debug("method '{}' registered by {}", id, bundleOf(ref));
    }

    /** The whiteboard id: the service property when set, else the method's own id. */
    static String idOf(ServiceReference<?> ref, Method method) {
        Object prop = ref.getProperty(Method.ID_PROPERTY);
        return prop instanceof String && !((String) prop).isBlank() ? (String) prop : method.id();
    }

    private static String bundleOf(ServiceReference<?> ref) {
        return ref.getBundle() == null ? "(unregistered)" : ref.getBundle().getSymbolicName();
    }
}
